package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulk generate|build|prove|verify} in-process, and a build killed with SIGKILL in a child JVM. */
class BulkCommandsTest {
    @TempDir
    Path dir;

    @Test
    void buildMatchesMerkleRootAndItsProofsVerify() throws IOException {
        Path hashes = generate("lib.txt", 3001, "hex");
        for (String alg : List.of("sha256", "sm3")) {
            Path tiles = dir.resolve("tiles-" + alg);
            Checkpoint checkpoint = build(hashes, tiles, "--alg", alg);
            assertThat(checkpoint.size()).isEqualTo(3001);
            assertThat(Hex.encode(checkpoint.root())).isEqualTo(run("merkle", "root", "--alg", alg, hashes.toString()).line());
            String leaf = Hex.encode(new SyntheticLibrary(7).hash(1234));
            assertThat(Files.readAllLines(hashes).get(1234)).isEqualTo(leaf);

            String proof = run("bulk", "prove", "--tiles", tiles.toString(), "--index", "1234").line();
            assertThat(run("bulk", "prove", "--tiles", tiles.toString(), "--leaf", leaf).line()).isEqualTo(proof);
            assertThat(proof).isEqualTo(run("merkle", "prove", "--alg", alg, "--index", "1234", hashes.toString()).line());
            Path proofFile = Files.writeString(dir.resolve("proof-" + alg + ".json"), proof);
            String root = Hex.encode(checkpoint.root());
            assertThat(run("bulk", "verify", "--alg", alg, "--proof", proofFile.toString(), "--root", root, "--leaf", leaf).line())
                    .isEqualTo("proof valid");

            String tampered = proof.replaceFirst("\"hashes\":\\[\"(.)", "\"hashes\":[\"" + (proof.contains("[\"0") ? "1" : "0"));
            Files.writeString(proofFile, tampered);
            assertThat(run("bulk", "verify", "--alg", alg, "--proof", proofFile.toString(), "--root", root, "--leaf", leaf)
                    .fails(ExitCodes.INVALID).err()).contains("proof invalid");
        }
    }

    @Test
    void binaryAndHexFormsGiveTheSameTree() throws IOException {
        Checkpoint fromHex = build(generate("lib.txt", 70_000, "hex"), dir.resolve("a"));
        Checkpoint fromBinary = build(generate("lib.bin", 70_000, "binary"), dir.resolve("b"), "--format", "binary");
        assertThat(fromBinary).isEqualTo(fromHex);
        assertThat(Files.size(dir.resolve("lib.bin"))).isEqualTo(70_000L * 32);
    }

    @Test
    void aMalformedLineStopsTheBuildAndAFixedFileResumesToTheCleanRoot() throws IOException {
        Path hashes = generate("lib.txt", 2000, "hex");
        Checkpoint clean = build(hashes, dir.resolve("clean"));
        List<String> lines = new ArrayList<>(Files.readAllLines(hashes));
        String good = lines.get(1299);
        lines.set(1299, good.substring(0, 20) + "zz" + good.substring(22));
        Files.write(hashes, lines);

        Path tiles = dir.resolve("tiles");
        CliRun stopped = run("bulk", "build", "--progress", "none", "--hashes", hashes.toString(), "--tiles", tiles.toString())
                .fails(ExitCodes.USAGE);
        assertThat(stopped.err()).contains("line 1300 is not a certificate hash", "'" + lines.get(1299) + "'",
                "the 1299 leaves before it are in " + tiles);

        lines.set(1299, good);
        Files.write(hashes, lines);
        assertThat(build(hashes, tiles)).isEqualTo(clean);
    }

    @Test
    void badArgumentsChangeNothing() throws IOException {
        Path hashes = generate("lib.txt", 300, "hex");
        Path tiles = dir.resolve("tiles");
        assertThat(run("bulk", "build", "--hashes", dir.resolve("absent").toString(), "--tiles", tiles.toString())
                .fails(ExitCodes.USAGE).err()).contains("no such file");
        assertThat(run("bulk", "build", "--hashes", hashes.toString(), "--tiles", tiles.toString(), "--threads", "0")
                .fails(ExitCodes.USAGE).err()).contains("--threads");
        assertThat(run("bulk", "build", "--hashes", hashes.toString(), "--tiles", tiles.toString(), "--format", "xml")
                .fails(ExitCodes.USAGE).err()).contains("--format");
        assertThat(run("bulk", "build", "--hashes", hashes.toString(), "--tiles", tiles.toString(), "--progress", "loud")
                .fails(ExitCodes.USAGE).err()).contains("--progress");
        Path odd = Files.write(dir.resolve("odd.bin"), new byte[33]);
        assertThat(run("bulk", "build", "--hashes", odd.toString(), "--tiles", tiles.toString(), "--format", "binary")
                .fails(ExitCodes.USAGE).err()).contains("record 2 is incomplete");
        assertThat(tiles).doesNotExist();

        Checkpoint built = build(hashes, tiles);
        List<Path> before = listing(tiles);
        assertThat(run("bulk", "build", "--alg", "sm3", "--hashes", hashes.toString(), "--tiles", tiles.toString())
                .fails(ExitCodes.USAGE).err()).contains("holds a sha256 tree, not sm3");
        Path other = generate("other.txt", 400, "hex", 8);
        assertThat(run("bulk", "build", "--hashes", other.toString(), "--tiles", tiles.toString())
                .fails(ExitCodes.USAGE).err()).contains("the tiles were not built from this file");
        Path shorter = generate("short.txt", 100, "hex");
        assertThat(run("bulk", "build", "--hashes", shorter.toString(), "--tiles", tiles.toString())
                .fails(ExitCodes.USAGE).err()).contains("already holds 300 leaves", "has only 100 hashes");
        assertThat(listing(tiles)).isEqualTo(before);
        assertThat(build(hashes, tiles)).isEqualTo(built);

        assertThat(run("bulk", "prove", "--tiles", tiles.toString(), "--index", "300").fails(ExitCodes.USAGE).err())
                .contains("out of range");
        assertThat(run("bulk", "prove", "--tiles", tiles.toString(), "--leaf", "00".repeat(32)).fails(ExitCodes.INVALID).err())
                .contains("not among the 300 leaves");
        assertThat(run("bulk", "prove", "--tiles", dir.toString(), "--index", "0").fails(ExitCodes.USAGE).err())
                .contains("not a tiles directory");
        assertThat(run("bulk", "generate", "--count", "5", "--out", hashes.toString()).fails(ExitCodes.USAGE).err())
                .contains("already exists");
        assertThat(Files.readAllLines(hashes)).hasSize(300);
    }

    /** A real SIGKILL in the middle of a build: the same command afterwards gives the clean root. */
    @Test
    void aBuildKilledWithSigkillResumesToTheSameRoot() throws Exception {
        long count = 3_000_000;
        Path hashes = generate("lib.bin", count, "binary");
        Path tiles = dir.resolve("tiles");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LedgerCli.class.getName(),
                "bulk", "build", "--format", "binary", "--threads", "1", "--progress", "none",
                "--hashes", hashes.toString(), "--tiles", tiles.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path leafTiles = tiles.resolve("tile/8/0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bytesIn(leafTiles) < 50 * 8192 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("the build must still run when it is killed").isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(tiles.resolve("checkpoint.json")).doesNotExist();

        Checkpoint resumed = build(hashes, tiles, "--format", "binary");
        Checkpoint clean = build(hashes, dir.resolve("clean"), "--format", "binary");
        assertThat(resumed).isEqualTo(clean);
        assertThat(resumed.size()).isEqualTo(count);
    }

    private Path generate(String name, long count, String format) {
        return generate(name, count, format, 7);
    }

    private Path generate(String name, long count, String format, long seed) {
        Path file = dir.resolve(name);
        assertThat(run("bulk", "generate", "--count", Long.toString(count), "--seed", Long.toString(seed),
                "--format", format, "--out", file.toString()).line()).isEqualTo(count + " certificate hashes written to " + file);
        return file;
    }

    private static Checkpoint build(Path hashes, Path tiles, String... more) {
        List<String> args = new ArrayList<>(List.of("bulk", "build", "--progress", "none", "--hashes", hashes.toString(),
                "--tiles", tiles.toString()));
        args.addAll(List.of(more));
        return Checkpoint.fromJson(run(args.toArray(String[]::new)).line());
    }

    private static List<Path> listing(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.sorted().toList();
        }
    }

    private static long bytesIn(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
