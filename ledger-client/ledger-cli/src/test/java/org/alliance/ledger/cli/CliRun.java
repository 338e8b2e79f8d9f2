package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the CLI with captured streams.
 *
 * @param code the exit status
 * @param out everything written to standard output
 * @param err everything written to standard error, as text
 */
record CliRun(int code, byte[] out, String err) {

    static CliRun runWith(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(new ByteArrayInputStream(stdin),
                new PrintStream(out, false, StandardCharsets.UTF_8), new PrintStream(err, false, StandardCharsets.UTF_8));
        int code = LedgerCli.execute(io, args);
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun runWith(String stdin, String... args) {
        return runWith(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static CliRun run(String... args) {
        return runWith(new byte[0], args);
    }

    String text() {
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Asserts success with exactly one line of output, and returns that line. */
    String line() {
        assertThat(code).as("exit status; stderr: %s", err).isEqualTo(ExitCodes.OK);
        assertThat(err).isEmpty();
        assertThat(text()).endsWith("\n").containsOnlyOnce("\n");
        return text().strip();
    }

    /** Asserts failure with the given status, nothing on stdout and one line on stderr. */
    CliRun fails(int expected) {
        assertThat(code).as("exit status; stderr: %s", err).isEqualTo(expected);
        assertThat(out).isEmpty();
        assertThat(err).startsWith("ledger-cli").endsWith("\n").containsOnlyOnce("\n");
        return this;
    }
}
