package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.alliance.ledger.bench.BarPlot;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Sm3;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.alliance.ledger.core.merkle.tiles.TiledTree;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


/**
 * Bulk anchoring figures, each next to a baseline measured in the same run: the machine's raw
 * SHA-256 and SM3 rate on one thread (a reused digest over leaf- and node-sized inputs). SM3 is
 * measured twice: Bouncy Castle's {@code SM3Digest}, the reference, and the project's {@link Sm3},
 * which the Merkle code uses.
 *
 * <ul>
 *   <li>Bulk tree build: {@code bulk build} of a synthetic library ({@code bench.leaves}, default
 *       1.64 × 10^8) from a binary hash file generated beforehand (not timed), with every
 *       processor. SM3 builds {@code bench.sm3.leaves} (default: the same) and extrapolates
 *       linearly when that is smaller.
 *   <li>Proof serving: {@code bench.proofs} proofs for random leaves of the SHA-256 tree, each from
 *       the tiles (a fresh read of the tiles per proof), p50 and p95.
 *   <li>Offline verification: proofs of random leaves of a 2^20 tree verified by {@link
 *       MerkleVerifier} on one thread for {@code bench.seconds} seconds, per CPU second of the
 *       thread.
 * </ul>
 *
 * <p>Files go to {@code bench.dir} (default {@code target/bulk-bench}) and are deleted afterwards;
 * the table goes to {@code target/bulk-bench.md}, its figure to {@code target/bulk-bench.png}. Tagged {@code bench}, so CI never runs it:
 * {@code ./alliance mvn -o -q -pl ledger-client/ledger-cli -am test -DexcludedTestTags=none
 * -Dtest=BulkAnchoringBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.leaves=164000000}.
 */
@Tag("bench")
class BulkAnchoringBench {
    /** 0 measures only the raw rates and verification. */
    private static final long LEAVES = Long.getLong("bench.leaves", 164_000_000L);
    private static final long SM3_LEAVES = Long.getLong("bench.sm3.leaves", LEAVES);
    private static final int PROOFS = Integer.getInteger("bench.proofs", 2000);
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "3"));
    private static final Path DIR = Path.of(System.getProperty("bench.dir", "target/bulk-bench"));
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int VERIFY_TREE = 1 << 20;
    /** Goals of offline verification on one thread, proofs per second. */
    private static final double SHA256_PROOFS_GOAL = 300_000;
    private static final double SM3_PROOFS_GOAL = 100_000;
    /** Goal of proof serving from the tiles: p95 at most this many milliseconds. */
    private static final double SERVING_P95_GOAL_MS = 10;

    private final StringBuilder report = new StringBuilder();
    private final List<Plot> panels = new ArrayList<>();
    /** Per algorithm built: {raw rate of the hash mix on one thread, hashes per CPU second of the build}. */
    private final List<double[]> builds = new ArrayList<>();

    @Test
    void bulkAnchoring() throws Exception {
        report.append(String.format(Locale.ROOT, "Machine: %d processors (%s), %s %s; load average before: %s%n%n", CORES,
                cpuModel(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Files.readString(Path.of("/proc/loadavg")).strip()));
        double[] sha = rawRates(HashAlgorithm.SHA256::newDigest);
        Provider bouncyCastle = new BouncyCastleProvider();
        double[] bc = rawRates(() -> {
            try {
                return MessageDigest.getInstance("SM3", bouncyCastle);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        double[] sm3 = rawRates(Sm3::new);
        report.append("| raw hash rate, one thread, per CPU second | leaf input (33 B) | node input (65 B) |\n|---|---|---|\n");
        report.append(String.format(Locale.ROOT, "| SHA-256 (JDK) | %,.0f /s | %,.0f /s |%n| SM3, Bouncy Castle | %,.0f /s | %,.0f /s |%n"
                + "| SM3, ledger-core `Sm3` | %,.0f /s (%.2f × BC) | %,.0f /s (%.2f × BC) |%n%n",
                sha[0], sha[1], bc[0], bc[1], sm3[0], sm3[0] / bc[0], sm3[1], sm3[1] / bc[1]));

        verification(sha, bc, sm3);
        if (LEAVES == 0) {
            writeReport();
            return;
        }
        try {
            Files.createDirectories(DIR);
            Path input = DIR.resolve("library.bin");
            generate(input, Math.max(LEAVES, SM3_LEAVES));
            report.append("| bulk build | leaves | wall time | CPU time of the process | hashes/s per core (wall) | hashes per CPU second "
                    + "| raw rate, one thread | CPU second / raw | extrapolated to 1.64e8: wall (CPU / cores) |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            Path shaTiles = DIR.resolve("tiles-sha256");
            Checkpoint checkpoint = build(HashAlgorithm.SHA256, input, LEAVES, shaTiles, sha);
            proofServing(shaTiles, checkpoint);
            deleteTree(shaTiles);
            build(HashAlgorithm.SM3, input, SM3_LEAVES, DIR.resolve("tiles-sm3"), sm3);
        } finally {
            deleteTree(DIR);
            writeReport();
        }
    }

    private void writeReport() throws IOException {
        if (builds.size() == 2) {
            panels.add(BarPlot.of("Bulk build, " + CORES + " processors", "hashes per CPU second", "SHA-256", "SM3")
                    .bars("raw rate, one thread (baseline)", builds.get(0)[0], builds.get(1)[0])
                    .bars("bulk build", builds.get(0)[1], builds.get(1)[1]));
        }
        report.append(String.format(Locale.ROOT, "Load average at the end: %s%n%n![each figure beside its same-run baseline](bulk-bench.png)%n",
                Files.readString(Path.of("/proc/loadavg")).strip()));
        Files.writeString(Path.of("target/bulk-bench.md"), report);
        Plot.write(Path.of("target/bulk-bench.png"), panels.toArray(Plot[]::new));
        System.out.println(report);
    }

    /** Raw rates of one thread: {leaf-sized, node-sized} inputs per CPU second. */
    private static double[] rawRates(Supplier<MessageDigest> digest) {
        return new double[] {rawRate(digest.get(), 33), rawRate(digest.get(), 65)};
    }

    private static double rawRate(MessageDigest md, int inputBytes) {
        byte[] input = new byte[inputBytes];
        byte[] out = new byte[md.getDigestLength()];
        timed(() -> spin(md, input, out, 100_000), 0.5);
        return timed(() -> spin(md, input, out, 100_000), SECONDS);
    }

    private static long spin(MessageDigest md, byte[] input, byte[] out, int n) {
        try {
            for (int i = 0; i < n; i++) {
                md.update(input);
                md.digest(out, 0, out.length);
                // Varying the last byte too: SM3 takes a 65-byte input's last block from a table
                // indexed by it, and a fixed byte would keep one entry in the cache.
                input[1] = out[0];
                input[input.length - 1] = out[1];
            }
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    /**
     * Units per CPU second of the calling thread for {@code round}: the best of several short
     * measurements spread over {@code seconds}. CPU time rather than wall time, because the cores
     * are shared: while other processes hold them the thread waits without using CPU time, and
     * wall time would count the wait as slowness of the hash (at a load average of 10 on two cores,
     * wall-time rates varied by a factor of two between runs, CPU-time rates by about 2 %).
     */
    private static double timed(LongSupplier round, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long units = 0;
            do {
                units += round.getAsLong();
            } while (System.nanoTime() - start < 200_000_000L);
            best = Math.max(best, units / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9));
        } while (System.nanoTime() < end);
        return best;
    }

    private void verification(double[] sha, double[] bc, double[] sm3) {
        report.append("| offline verification, 2^20 tree, one thread | proofs per CPU second | hashes per proof | hash rate reached "
                + "| of the raw rate of its digest | against Bouncy Castle's raw SM3 |\n|---|---|---|---|---|---|\n");
        for (HashAlgorithm alg : HashAlgorithm.values()) {
            SyntheticLibrary library = new SyntheticLibrary(3);
            List<byte[]> leaves = new ArrayList<>(VERIFY_TREE);
            for (int i = 0; i < VERIFY_TREE; i++) {
                leaves.add(library.hash(i));
            }
            MerkleTree tree = MerkleTree.of(alg, leaves);
            byte[] root = tree.root();
            SplittableRandom random = new SplittableRandom(5);
            int n = 4096;
            InclusionProof[] proofs = new InclusionProof[n];
            byte[][] data = new byte[n][];
            for (int i = 0; i < n; i++) {
                int index = random.nextInt(VERIFY_TREE);
                proofs[i] = tree.inclusionProof(index);
                data[i] = leaves.get(index);
            }
            LongSupplier round = () -> {
                for (int i = 0; i < n; i++) {
                    MerkleVerifier.verifyInclusion(alg, data[i], proofs[i], root);
                }
                return n;
            };
            timed(round, 1);
            double perSecond = timed(round, SECONDS);
            double[] raw = alg == HashAlgorithm.SHA256 ? sha : sm3;
            // One leaf hash and 20 node hashes per proof: the most proofs the raw rates allow.
            double rawProofs = 1 / (1 / raw[0] + 20 / raw[1]);
            double bcProofs = 1 / (1 / bc[0] + 20 / bc[1]);
            panels.add(alg == HashAlgorithm.SHA256
                    ? BarPlot.of("Verification, SHA-256, one thread", "proofs per CPU second",
                            "allowed by the raw rate", "measured").bars("proofs/s", rawProofs, perSecond)
                            .goal(String.format(Locale.ROOT, "goal %,.0f/s", SHA256_PROOFS_GOAL), SHA256_PROOFS_GOAL)
                    : BarPlot.of("Verification, SM3, one thread", "proofs per CPU second",
                            "allowed by Bouncy Castle's rate", "allowed by Sm3's rate", "measured (Sm3)")
                            .bars("proofs/s", bcProofs, rawProofs, perSecond)
                            .goal(String.format(Locale.ROOT, "goal %,.0f/s", SM3_PROOFS_GOAL), SM3_PROOFS_GOAL));
            report.append(String.format(Locale.ROOT, "| %s | %,.0f | 21 | %,.0f /s | %.2f | %s |%n", label(alg), perSecond,
                    perSecond * 21, perSecond / rawProofs, alg == HashAlgorithm.SM3
                            ? String.format(Locale.ROOT, "%.2f × the %,.0f proofs/s it allows", perSecond / bcProofs, bcProofs) : "-"));
        }
        report.append('\n');
    }

    private static void generate(Path input, long count) {
        if (Files.exists(input)) {
            return;
        }
        long start = System.nanoTime();
        assertThat(CliRun.run("bulk", "generate", "--format", "binary", "--count", Long.toString(count), "--seed", "2026",
                "--out", input.toString()).code()).isZero();
        System.out.printf(Locale.ROOT, "generated %,d hashes in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    private Checkpoint build(HashAlgorithm alg, Path input, long leaves, Path tiles, double[] raw) throws IOException {
        Path source = input;
        if (leaves * 32 != Files.size(input)) {
            source = DIR.resolve("library-" + leaves + ".bin");
            try (var in = Files.newInputStream(input); OutputStream out = Files.newOutputStream(source)) {
                byte[] buffer = new byte[1 << 20];
                for (long left = leaves * 32; left > 0; ) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
        dropCachedTilesOf(tiles);
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        CliRun result = CliRun.run("bulk", "build", "--alg", alg.id(), "--format", "binary", "--progress", "none",
                "--hashes", source.toString(), "--tiles", tiles.toString());
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        assertThat(result.code()).as(result.err()).isZero();
        Checkpoint checkpoint = Checkpoint.fromJson(result.text().strip());
        assertThat(checkpoint.size()).isEqualTo(leaves);
        if (!source.equals(input)) {
            Files.delete(source);
        }
        double hashes = 2.0 * leaves - 1;
        double perCore = hashes / wall / CORES;
        double rawPerCore = 2 / (1 / raw[0] + 1 / raw[1]);
        double scale = 164_000_000.0 / leaves;
        builds.add(new double[] {rawPerCore, hashes / cpu});
        String extrapolated = leaves == 164_000_000L ? "-" : String.format(Locale.ROOT, "%.0f s (%.0f s)", wall * scale, cpu / CORES * scale);
        report.append(String.format(Locale.ROOT, "| %s | %,d | %.1f s | %.1f s | %,.0f | %,.0f | %,.0f | %.2f | %s |%n", label(alg), leaves,
                wall, cpu, perCore, hashes / cpu, rawPerCore, hashes / cpu / rawPerCore, extrapolated));
        report.append(String.format(Locale.ROOT, "%n%s checkpoint: `%s`%n%n", label(alg), checkpoint.toJson()));
        return checkpoint;
    }

    private void proofServing(Path tiles, Checkpoint checkpoint) {
        SplittableRandom random = new SplittableRandom(11);
        SyntheticLibrary library = new SyntheticLibrary(2026);
        long[] nanos = new long[PROOFS];
        TiledTree tree = TiledTree.open(tiles);
        for (int i = -200; i < PROOFS; i++) {
            long index = random.nextLong(checkpoint.size());
            long start = System.nanoTime();
            InclusionProof proof = tree.inclusionProof(index);
            long took = System.nanoTime() - start;
            if (i >= 0) {
                nanos[i] = took;
            }
            MerkleVerifier.verifyInclusion(checkpoint.algorithm(), library.hash(index), proof, checkpoint.root());
        }
        Arrays.sort(nanos);
        panels.add(BarPlot.of(String.format(Locale.ROOT, "Proof serving, tree of %,d", checkpoint.size()), "ms per proof",
                        "p50", "p95").bars("read from the tiles", nanos[PROOFS / 2] / 1e6, nanos[PROOFS * 95 / 100] / 1e6)
                .goal(String.format(Locale.ROOT, "goal p95 ≤ %.0f ms", SERVING_P95_GOAL_MS), SERVING_P95_GOAL_MS));
        report.append(String.format(Locale.ROOT, "| proof serving, %s tree of %,d | proofs | p50 | p95 | max |%n|---|---|---|---|---|%n"
                + "| read the tiles of one proof from the open tree (each proof then verified against the checkpoint root) | %d | %.2f ms | %.2f ms | %.2f ms |%n%n",
                label(checkpoint.algorithm()), checkpoint.size(), PROOFS, nanos[PROOFS / 2] / 1e6, nanos[PROOFS * 95 / 100] / 1e6,
                nanos[PROOFS - 1] / 1e6));
        report.append("Proof of leaf 123456789 (verified against the root above): `")
                .append(checkpoint.size() > 123_456_789L ? TiledTree.open(tiles).inclusionProof(123_456_789L).toJson() : "-")
                .append("`, leaf data `").append(Hex.encode(library.hash(123_456_789L))).append("`\n\n");
    }

    private static void dropCachedTilesOf(Path tiles) throws IOException {
        deleteTree(tiles);
    }

    private static String label(HashAlgorithm alg) {
        return alg == HashAlgorithm.SHA256 ? "SHA-256" : "SM3";
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
