package org.alliance.ledger.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The streams a command reads and writes, so that tests can run commands in-process.
 *
 * @param in standard input
 * @param out standard output; binary results (a DER signature) are written to it unchanged
 * @param err standard error
 */
public record CliIo(InputStream in, PrintStream out, PrintStream err) {
    /**
     * Checks that no stream is missing.
     *
     * @throws NullPointerException if a stream is {@code null}
     */
    public CliIo {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /**
     * Returns the process's own streams.
     *
     * @return standard input, output and error
     */
    public static CliIo system() {
        return new CliIo(System.in, System.out, System.err);
    }
}
