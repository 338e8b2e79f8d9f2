package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long commands with their progress forced on, off, and left to decide (in-process, where
 * standard error is not a terminal): the bar ends at 100 % on standard error, and standard output
 * is byte for byte what the command prints without progress.
 */
class ProgressCommandsTest {
    private static final int LEAVES = 5_000;

    @TempDir
    Path dir;

    @Test
    void bulkBuildDrawsItsBarToTheEndAndLeavesStandardOutputAlone() throws IOException {
        Path hashes = generate();
        CliRun quiet = run("bulk", "build", "--no-progress", "--hashes", hashes.toString(), "--tiles", dir.resolve("a").toString());
        CliRun bar = run("bulk", "build", "--progress", "bar", "--hashes", hashes.toString(), "--tiles", dir.resolve("b").toString());
        assertThat(quiet.line()).startsWith("{\"algorithm\":\"sha256\"");
        assertThat(bar.code()).isZero();
        assertThat(bar.out()).isEqualTo(quiet.out());
        assertFinalBar(bar.err(), "bulk build 100% [", "] 5,000/5,000 leaves ");
    }

    @Test
    void everyLongCommandShowsProgressOnlyOnStandardError() throws IOException {
        Path hashes = generate();
        Path tiles = dir.resolve("tiles");
        run("bulk", "build", "--no-progress", "--hashes", hashes.toString(), "--tiles", tiles.toString()).line();
        String lastLeaf = Hex.encode(new SyntheticLibrary(7).hash(LEAVES - 1));
        List<List<String>> commands = List.of(
                List.of("bulk", "prove", "--tiles", tiles.toString(), "--leaf", lastLeaf),
                List.of("merkle", "root", hashes.toString()),
                List.of("merkle", "prove", "--index", "4321", hashes.toString()),
                List.of("merkle", "consistency", "--from", "1000", hashes.toString()));
        List<String> finals = List.of("bulk prove 100% [", "merkle root 100% [", "merkle prove 100% [", "merkle consistency 100% [");
        String hashCount = String.format(java.util.Locale.ROOT, "%,d/%,d hashes", 2 * LEAVES - 1, 2 * LEAVES - 1);
        for (int i = 0; i < commands.size(); i++) {
            CliRun off = run(with(commands.get(i), "--no-progress"));
            CliRun none = run(with(commands.get(i), "--progress", "none"));
            CliRun auto = run(commands.get(i).toArray(String[]::new));
            CliRun bar = run(with(commands.get(i), "--progress", "bar"));
            off.line();
            assertThat(none.err()).isEmpty();
            assertThat(auto.err()).as("auto off a terminal, for a quick run").isEmpty();
            assertThat(bar.code()).isZero();
            assertThat(List.of(none.out(), auto.out(), bar.out())).allSatisfy(out -> assertThat(out).isEqualTo(off.out()));
            assertFinalBar(bar.err(), finals.get(i), i == 0 ? "] 5,000/5,000 leaves " : "] " + hashCount + " ");
        }
    }

    @Test
    void bulkProveStopsItsScanAtTheLeafAndSaysHowFarItWent() throws IOException {
        Path hashes = generate();
        Path tiles = dir.resolve("tiles");
        run("bulk", "build", "--no-progress", "--hashes", hashes.toString(), "--tiles", tiles.toString()).line();
        String leaf = Hex.encode(new SyntheticLibrary(7).hash(2_499));
        CliRun bar = run("bulk", "prove", "--progress", "bar", "--tiles", tiles.toString(), "--leaf", leaf);
        assertThat(bar.out()).isEqualTo(run("bulk", "prove", "--tiles", tiles.toString(), "--index", "2499").line().concat("\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFinalBar(bar.err(), "bulk prove  50% [", "] 2,500/5,000 leaves ");
    }

    @Test
    void bulkGenerateShowsProgressAndWritesTheSameFile() throws IOException {
        Path quiet = dir.resolve("quiet.bin");
        Path shown = dir.resolve("shown.bin");
        assertThat(run("bulk", "generate", "--format", "binary", "--count", "70000", "--no-progress", "--out", quiet.toString())
                .line()).isEqualTo("70000 certificate hashes written to " + quiet);
        CliRun bar = run("bulk", "generate", "--format", "binary", "--count", "70000", "--progress", "bar", "--out", shown.toString());
        assertThat(bar.text()).isEqualTo("70000 certificate hashes written to " + shown + "\n");
        assertThat(Files.readAllBytes(shown)).isEqualTo(Files.readAllBytes(quiet));
        assertFinalBar(bar.err(), "bulk generate 100% [", "] 70,000/70,000 hashes ");
    }

    @Test
    void plainModeEndsWithOneSummaryLine() throws IOException {
        Path hashes = generate();
        CliRun plain = run("bulk", "build", "--progress", "plain", "--hashes", hashes.toString(), "--tiles", dir.resolve("t").toString());
        assertThat(plain.code()).isZero();
        assertThat(plain.err()).matches("bulk build: 5,000 of 5,000 leaves \\(100%\\) in 0:0[0-9], [0-9,.]+/s" + System.lineSeparator());
    }

    @Test
    void aFailureEndsTheBarBeforeItsErrorLine() throws IOException {
        Path hashes = generate();
        List<String> lines = new ArrayList<>(Files.readAllLines(hashes));
        lines.set(2999, "not hex");
        Files.write(hashes, lines);
        CliRun failed = run("bulk", "build", "--progress", "bar", "--hashes", hashes.toString(), "--tiles", dir.resolve("t").toString());
        assertThat(failed.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(failed.out()).isEmpty();
        String[] errLines = failed.err().split(System.lineSeparator());
        assertThat(errLines).hasSize(2);
        assertThat(errLines[1]).startsWith("ledger-cli").contains("line 3000 is not a certificate hash");
        String[] frames = errLines[0].split("\r");
        assertThat(frames[frames.length - 1]).startsWith("bulk build  59% [").contains("] 2,999/4,999 leaves ");
    }

    @Test
    void aBadModeIsAUsageErrorThatChangesNothing() throws IOException {
        Path hashes = generate();
        Path tiles = dir.resolve("t");
        assertThat(run("bulk", "build", "--progress", "loud", "--hashes", hashes.toString(), "--tiles", tiles.toString())
                .fails(ExitCodes.USAGE).err()).contains("--progress", "expected auto, bar, plain or none but got 'loud'");
        assertThat(run("merkle", "root", "--progress", "loud", hashes.toString()).fails(ExitCodes.USAGE).err()).contains("--progress");
        assertThat(tiles).doesNotExist();
    }

    @Test
    void helpOfTheLongCommandsDescribesTheModes() {
        for (String[] command : List.of(new String[] {"bulk", "build"}, new String[] {"bulk", "generate"},
                new String[] {"bulk", "prove"}, new String[] {"merkle", "root"}, new String[] {"verify-bundle"})) {
            String help = run(with(List.of(command), "--help")).text();
            assertThat(help).as(String.join(" ", command)).contains("--progress=MODE", "--no-progress",
                    "standard error is a terminal", "LEDGER_CLI_PROGRESS", "default: auto");
        }
    }

    /** The last state of the bar (after its last carriage return) and that it ends its line. */
    private static void assertFinalBar(String err, String head, String counts) {
        assertThat(err).startsWith("\r").endsWith(System.lineSeparator()).containsOnlyOnce(System.lineSeparator());
        String[] frames = err.strip().split("\r");
        String last = frames[frames.length - 1].stripTrailing();
        assertThat(last).startsWith(head).contains(counts).containsPattern(" in [0-9]+:[0-9]{2}$");
        assertThat(last.length()).isLessThan(80);
        assertThat(frames).allSatisfy(f -> assertThat(f.stripTrailing()).startsWith(head.substring(0, head.indexOf(' ', 6))));
    }

    private Path generate() {
        Path file = dir.resolve("lib.txt");
        run("bulk", "generate", "--count", Integer.toString(LEAVES), "--seed", "7", "--out", file.toString()).line();
        return file;
    }

    private static String[] with(List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }
}
