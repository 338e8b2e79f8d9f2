package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.bench.BarPlot;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.bench.XyPlot;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Credentials;

/**
 * Time from a checkpoint to its anchor with its confirmations, and gas per anchor, on the suite's
 * node (geth --dev, a block a second). One checkpoint at a time, as the anchorer sends them. The
 * baseline, measured in the same run, is the node's block period (blocks mined over the run's
 * time): {@code n} confirmations cannot take less than about {@code n} periods. Writes
 * {@code target/anchoring-bench.md} and its figure {@code target/anchoring-bench.png}.
 * Run: {@code ./alliance mvn -pl ledger-client/ledger-evm -am test -DexcludedTestTags=none -Dtest=AnchoringBenchTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
class AnchoringBenchTest extends EvmSuite {
    private static final int CHECKPOINTS = 10;
    /** Per number of confirmations: the run's times and gas. */
    private static final Map<Integer, Run> RUNS = new TreeMap<>();

    @TempDir
    Path dir;

    /** One number of confirmations: time per checkpoint, gas per anchor, and the block period seen. */
    private record Run(List<Long> millis, List<Long> gas, double blockPeriodMs) {
        long percentile(int p) {
            List<Long> sorted = millis.stream().sorted().toList();
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }

        long min() {
            return millis.stream().mapToLong(Long::longValue).min().orElseThrow();
        }

        long max() {
            return millis.stream().mapToLong(Long::longValue).max().orElseThrow();
        }
    }

    @ParameterizedTest(name = "{0} confirmation(s)")
    @ValueSource(ints = {1, 3})
    void checkpointToConfirmedAnchor(int confirmations) throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("bench");
        List<Long> millis = new ArrayList<>();
        List<Long> gas = new ArrayList<>();
        long firstBlock = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        long begun = System.nanoTime();
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings(submitter, alliance, dir.resolve("bench.journal"), confirmations))) {
            for (long n = 1; n <= CHECKPOINTS; n++) {
                long start = System.nanoTime();
                Anchor a = anchorer.anchor(checkpoint(alliance, n, HashAlgorithm.SHA256)).get(60, TimeUnit.SECONDS);
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                gas.add(a.gasUsed());
            }
        }
        long blocks = web3j.ethBlockNumber().send().getBlockNumber().longValueExact() - firstBlock;
        Run run = new Run(millis, gas, (System.nanoTime() - begun) / 1e6 / Math.max(1, blocks));
        RUNS.put(confirmations, run);
        System.out.printf("anchoring bench: %d checkpoints, %d confirmation(s), block period %.0f ms: checkpoint -> anchor "
                + "median %d ms, min %d ms, max %d ms; gas per anchor: first %d, then %s%n", CHECKPOINTS, confirmations,
                run.blockPeriodMs(), run.percentile(50), run.min(), run.max(), gas.get(0),
                gas.subList(1, gas.size()).stream().distinct().toList());
        assertThat(contract.anchors(alliance)).hasSize(CHECKPOINTS);
    }

    @AfterAll
    static void report() throws Exception {
        if (RUNS.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                | confirmations | checkpoints | block period seen | n × period (baseline) | median | min | max \
                | median / baseline | gas, first anchor | gas, later anchors |
                |---|---|---|---|---|---|---|---|---|---|
                """));
        RUNS.forEach((n, r) -> md.append(String.format(Locale.ROOT, "| %d | %d | %.0f ms | %.0f ms | %d ms | %d ms | %d ms | %.2f | %,d | %s |%n",
                n, r.millis().size(), r.blockPeriodMs(), n * r.blockPeriodMs(), r.percentile(50), r.min(), r.max(),
                r.percentile(50) / (n * r.blockPeriodMs()), r.gas().get(0),
                r.gas().subList(1, r.gas().size()).stream().distinct().map(g -> String.format(Locale.ROOT, "%,d", g)).toList())));
        md.append(String.format(Locale.ROOT, "%nload average at the end: %s; %d cores%n%n"
                + "![checkpoint to confirmed anchor against the confirmations](anchoring-bench.png)%n",
                Files.readString(Path.of("/proc/loadavg")).strip(), Runtime.getRuntime().availableProcessors()));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "anchoring-bench.md"), md);
        double[] n = RUNS.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        Run first = RUNS.values().iterator().next();
        Plot.write(Path.of("target", "anchoring-bench.png"),
                XyPlot.of("Checkpoint to confirmed anchor, " + CHECKPOINTS + " each", "confirmations", "ms")
                        .line("max", n, RUNS.values().stream().mapToDouble(Run::max).toArray())
                        .line("median", n, RUNS.values().stream().mapToDouble(r -> r.percentile(50)).toArray())
                        .line("min", n, RUNS.values().stream().mapToDouble(Run::min).toArray())
                        .baseline("n × block period seen (baseline)", n,
                                RUNS.entrySet().stream().mapToDouble(e -> e.getKey() * e.getValue().blockPeriodMs()).toArray()),
                BarPlot.of("Gas per anchor", "gas", "first anchor of an alliance", "each later anchor")
                        .bars("gas used", first.gas().get(0), first.gas().get(first.gas().size() - 1)));
    }
}
