package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.alliance.ledger.cli.CliRun.runWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HashAndConventionsTest {
    @TempDir
    Path dir;

    @Test
    void hashesFilesAndStandardInput() throws Exception {
        assertThat(runWith("abc", "hash").line()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(runWith("abc", "hash", "--alg", "sm3").line())
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        Path file = Files.writeString(dir.resolve("in.txt"), "abcd".repeat(16));
        assertThat(run("hash", "--alg=sm3", file.toString()).line())
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
        assertThat(runWith("", "hash").line()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void usageErrorsAreOneLineWithStatusTwo() {
        assertThat(run("hash", "--alg", "md5").fails(ExitCodes.USAGE).err()).contains("md5").contains("sha256, sm3");
        assertThat(run("hash", dir.resolve("missing").toString()).fails(ExitCodes.USAGE).err()).contains("no such file");
        assertThat(run("hash", dir.toString()).fails(ExitCodes.USAGE).err()).contains("cannot read");
        run("hash", "--bogus").fails(ExitCodes.USAGE);
        run("hash", "a", "b").fails(ExitCodes.USAGE);
        run("nonsense").fails(ExitCodes.USAGE);
        assertThat(run().fails(ExitCodes.USAGE).err()).contains("missing command");
        assertThat(run("merkle").fails(ExitCodes.USAGE).err()).contains("root, prove, consistency, verify");
    }

    @Test
    void everyCommandHasHelpOnStandardOutput() {
        List<List<String>> paths = new ArrayList<>();
        collect(LedgerCli.commandLine(new CliIo(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8))), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("", "hash", "merkle", "merkle root", "merkle prove", "merkle consistency", "merkle verify",
                        "sign", "verify");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun result = run(args.toArray(String[]::new));
            assertThat(result.code()).as(String.join(" ", args)).isZero();
            assertThat(result.err()).isEmpty();
            assertThat(result.text()).startsWith("Usage: ledger-cli").contains("--help");
        }
        assertThat(run("merkle", "root", "--help").text()).contains("empty line is an empty leaf")
                .contains("final newline does not add a leaf").contains("empty input (0 bytes) is the empty tree");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(path);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            collect(sub.getValue(), next, out);
        }
    }
}
