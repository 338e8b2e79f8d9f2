package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.junit.jupiter.api.Assumptions;
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
            CliRun auto = run(with(commands.get(i), "--progress", "auto"));
            CliRun bar = run(with(commands.get(i), "--progress", "bar"));
            off.line();
            assertThat(none.err()).isEmpty();
            assertThat(auto.err()).as("auto off a terminal, for a quick run").isEmpty();
            // The default mode (auto, unless the environment that runs the tests sets another).
            assertThat(run(commands.get(i).toArray(String[]::new)).out()).isEqualTo(off.out());
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
                    "standard error is a terminal", ProgressOption.ENV,
                    "default: " + System.getenv().getOrDefault(ProgressOption.ENV, "auto"));
        }
    }

    /**
     * A real process with standard error in a file: no terminal, so auto prints nothing for a quick
     * run, and {@value ProgressOption#ENV} sets the mode when no option does.
     */
    @Test
    void offATerminalAutoIsSilentAndTheEnvironmentSetsTheMode() throws Exception {
        Path hashes = generate();
        Child auto = child(Map.of(), "bulk", "build", "--hashes", hashes.toString(), "--tiles", dir.resolve("a").toString());
        Child plain = child(Map.of(ProgressOption.ENV, "plain"), "bulk", "build", "--hashes", hashes.toString(),
                "--tiles", dir.resolve("b").toString());
        Child bad = child(Map.of(ProgressOption.ENV, "loud"), "merkle", "root", hashes.toString());
        assertThat(auto.code).isZero();
        assertThat(auto.err).isEmpty();
        assertThat(plain.out).isEqualTo(auto.out);
        assertThat(plain.err).matches("bulk build: 5,000 of 5,000 leaves \\(100%\\) in 0:0[0-9], [0-9,.]+/s\n");
        assertThat(bad.code).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err).contains("--progress", "'loud'");
    }

    /** Hashes from a pipe: no length, so no percent; and an incomplete last record is an error. */
    @Test
    void aPipeIsCountedWithoutATotal() throws Exception {
        Path hashes = dir.resolve("lib.bin");
        run("bulk", "generate", "--count", "1000", "--format", "binary", "--out", hashes.toString()).line();
        String fromFile = run("bulk", "build", "--format", "binary", "--hashes", hashes.toString(),
                "--tiles", dir.resolve("a").toString()).line();
        byte[] records = Files.readAllBytes(hashes);
        Child piped = child(Map.of(), records, "bulk", "build", "--format", "binary", "--progress", "plain",
                "--hashes", "/dev/stdin", "--tiles", dir.resolve("b").toString());
        assertThat(piped.code).as(piped.err).isZero();
        assertThat(piped.out).isEqualTo(fromFile + "\n");
        assertThat(piped.err).matches("bulk build: 1,000 leaves in 0:0[0-9], [0-9,.]+/s\n");
        Child cut = child(Map.of(), Arrays.copyOf(records, records.length - 5), "bulk", "build", "--format", "binary",
                "--hashes", "/dev/stdin", "--tiles", dir.resolve("c").toString());
        assertThat(cut.code).isEqualTo(ExitCodes.USAGE);
        assertThat(cut.err).contains("record 1000 is incomplete", "27 bytes into it");
    }

    /**
     * A real process on a pseudo-terminal ({@code script}): auto finds that standard error is a
     * terminal and draws the bar. The hashes come through a named pipe with a pause longer than
     * auto's delay, so the run is long enough on any machine; a pipe has no length, so the bar
     * counts without a total.
     */
    @Test
    void onATerminalAutoDrawsTheBar() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")) && onPath("script") && onPath("mkfifo"),
                "needs Linux with util-linux script(1) and mkfifo(1)");
        Path hashes = generate();
        Path fifo = dir.resolve("hashes.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        byte[] data = Files.readAllBytes(hashes);
        int half = data.length / 2 / 65 * 65;
        Path typescript = dir.resolve("typescript.txt");
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("bulk", "build", "--hashes", fifo.toString(), "--tiles", dir.resolve("t").toString()));
        ProcessBuilder builder = new ProcessBuilder("script", "-qefc",
                command.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" ")), "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(typescript.toFile());
        builder.environment().remove(ProgressOption.ENV);
        builder.environment().put("TERM", "xterm");
        builder.environment().put("COLUMNS", "100");
        Process script = builder.start();
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream os = Files.newOutputStream(fifo)) {
                os.write(data, 0, half);
                os.flush();
                Thread.sleep(2 * Progress.AUTO_DELAY_MILLIS);
                os.write(data, half, data.length - half);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        boolean ended = script.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            script.destroyForcibly();
        }
        if (!writer.join(Duration.ofSeconds(5))) {
            // The child never opened the pipe: opening it here lets the writer's open return.
            Files.newInputStream(fifo).close();
        }
        assertThat(ended).as("script ends").isTrue();
        String shown = Files.readString(typescript);
        assertThat(script.exitValue()).as(shown).isZero();
        // The terminal turns each \n into \r\n; the bar's lines start with \r.
        List<String> frames = Arrays.stream(shown.split("\r")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        assertThat(frames).anySatisfy(f -> assertThat(f).matches("bulk build [|/\\\\-] [0-9,]+ leaves .*"));
        assertThat(frames).contains(frames.stream().filter(f -> f.startsWith("bulk build 5,000 leaves ")).findFirst().orElseThrow());
        assertThat(frames.getLast()).startsWith("{\"algorithm\":\"sha256\"").endsWith("\"size\":5000}");
        assertThat(frames).noneMatch(f -> f.contains("%"));
    }

    /** The last state of the bar (after its last carriage return) and that it ends its line. */
    private static void assertFinalBar(String err, String head, String counts) {
        assertThat(err).startsWith("\r").endsWith(System.lineSeparator()).containsOnlyOnce(System.lineSeparator());
        String[] frames = err.strip().split("\r");
        String last = frames[frames.length - 1].stripTrailing();
        assertThat(last).startsWith(head).contains(counts).containsPattern(" in [0-9]+:[0-9]{2}$");
        assertThat(frames).allSatisfy(f -> assertThat(f.stripTrailing()).startsWith(head.substring(0, head.indexOf(' ', 6))));
    }

    private record Child(int code, String out, String err) {
    }

    /** Runs the CLI in a JVM of its own, standard output and error in files. */
    private Child child(Map<String, String> env, String... args) throws Exception {
        return child(env, null, args);
    }

    /** The same, with standard input a pipe that carries {@code stdin}, or the parent's when null. */
    private Child child(Map<String, String> env, byte[] stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove(ProgressOption.ENV);
        builder.environment().putAll(env);
        if (stdin != null) {
            builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        }
        Process p = builder.start();
        if (stdin != null) {
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin);
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ledger-cli " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> javaCommand() {
        // A quick start for a short run: these tests are about the streams, not the speed.
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LedgerCli.class.getName());
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
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
