package org.alliance.ledger.service.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code ledger-cli.jar} run as its own process, as an auditor runs it. Failsafe
 * names the jar in the system property {@code ledger.cli.jar}, after {@code ledger-cli} is packaged.
 */
public final class LedgerCliProcess {
    private LedgerCliProcess() {
    }

    /**
     * What one run printed and how it exited.
     *
     * @param exit the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Run(int exit, String out, String err) {
    }

    /**
     * Runs the packaged command with this JVM's {@code java}, for at most 60 s.
     *
     * @param dir where its output files go
     * @param args the command's arguments
     * @return what it did
     * @throws Exception if it cannot be started or waited for
     */
    public static Run run(Path dir, String... args) throws Exception {
        String jar = System.getProperty("ledger.cli.jar");
        assertThat(jar).as("system property ledger.cli.jar (set by failsafe)").isNotBlank();
        assertThat(Path.of(jar)).as("the packaged CLI; build it with ./alliance mvn -pl ledger-client/ledger-cli -am package")
                .isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        Path out = dir.resolve("cli.out");
        Path err = dir.resolve("cli.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ledger-cli finished within 60 s").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
