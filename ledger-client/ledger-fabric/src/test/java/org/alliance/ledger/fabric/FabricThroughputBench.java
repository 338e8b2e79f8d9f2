package org.alliance.ledger.fabric;

import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alliance.ledger.bench.BarPlot;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.core.record.Role;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unbatched evidence commits per second from one client, next to a trivial put on the same
 * network in the same run. The network is the bench profile's, of its own (state in
 * {@code target/fabric-bench-network}, ports from {@code ALLIANCE_FABRIC_PORT_BASE + 100}), with
 * the trivial-put chaincode deployed beside the evidence contract. Zhangzhou's service keeps
 * {@value #IN_FLIGHT} writes in flight for 60 s each: first trivial puts, then identity
 * attestations, one record per transaction. Latency is from the first send to the commit status.
 * The resident memory of every node is read at the end. Results go to {@code target/fabric-bench.md},
 * their figure (commits/s and latency, evidence beside the put) to {@code target/fabric-bench.png}.
 *
 * <p>Tagged {@code bench}, so CI never runs it: {@code ./alliance mvn -o -q -pl
 * ledger-client/ledger-fabric -am verify -DexcludedTestTags=none -Dtest=FabricThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("bench")
class FabricThroughputBench {
    static final int IN_FLIGHT = 32;
    static final Duration RUN = Duration.ofSeconds(60);
    static final Duration WARM_UP = Duration.ofSeconds(10);
    /** A put value as large as an attestation record's JSON, so both move about the same bytes. */
    private static final String VALUE = "v".repeat(900);

    @RegisterExtension
    static final OwnBenchNetwork BENCH = new OwnBenchNetwork("fabric-bench-network", 100);

    /** One measured run. */
    record Measured(String chaincode, int committed, double perSecond, Duration p50, Duration p95, int retries) {
        String markdown() {
            return String.format("| %s | %d | %d | %.1f | %d ms | %d ms | %d |", chaincode, IN_FLIGHT, committed, perSecond,
                    p50.toMillis(), p95.toMillis(), retries);
        }
    }

    @Test
    void evidenceNextToATrivialPut() throws Exception {
        FabricLedger zz = BENCH.alliance().keep(BENCH.alliance().ledger(FabricAlliance.index(ZZ), List.of(Role.AUDITOR, Role.SERVICE),
                BENCH.alliance().peers(0, 1)).build());
        FabricUser service = FabricUser.fromMspDir(ZZ, Role.SERVICE, BENCH.network().users("zhangzhou", "service"));
        List<Measured> results = new ArrayList<>();
        try (Connection put = new Connection(service, BENCH.alliance().peers(0))) {
            results.add(trivialPuts(BENCH.alliance(), put, zz));
        }
        Instant t = BENCH.alliance().agreed.plusSeconds(3600);
        measure("warm-up evidence", WriteLoad.attestations(BENCH.alliance(), zz, "bench-warm-" + BENCH.alliance().run + "-", t), zz, WARM_UP);
        results.add(measure("evidence (identity attestation)",
                WriteLoad.attestations(BENCH.alliance(), zz, "bench-" + BENCH.alliance().run + "-", t.plusSeconds(3600)), zz, RUN));
        Map<String, String> rss = residentMemory(BENCH.network().state);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();

        Measured put = results.get(0);
        Measured evidence = results.get(1);
        String report = String.format("""
                | chaincode | in flight | committed in %d s | commits/s | p50 | p95 | retried |
                |---|---|---|---|---|---|---|
                %s
                %s

                evidence / put: %.2f (commits/s)

                | node | resident memory after the run |
                |---|---|
                %s

                load average at the end: %s; %d cores

                ![evidence commits/s and latency beside the trivial put's](fabric-bench.png)
                """, RUN.toSeconds(), put.markdown(), evidence.markdown(), evidence.perSecond() / put.perSecond(),
                String.join("\n", rss.entrySet().stream().map(e -> "| " + e.getKey() + " | " + e.getValue() + " |").toList()),
                load, Runtime.getRuntime().availableProcessors());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fabric-bench.md"), report);
        String[] chaincodes = {"trivial put (baseline)", "evidence"};
        Plot.write(Path.of("target", "fabric-bench.png"),
                BarPlot.of("Commits/s, " + IN_FLIGHT + " in flight, " + RUN.toSeconds() + " s", "commits/s", chaincodes)
                        .bars("commits/s", put.perSecond(), evidence.perSecond()),
                BarPlot.of("Latency, first send to commit status", "ms", chaincodes)
                        .bars("p50", put.p50().toMillis(), evidence.p50().toMillis())
                        .bars("p95", put.p95().toMillis(), evidence.p95().toMillis()));
        System.err.println("fabric bench (profile bench, one client, " + IN_FLIGHT + " in flight):\n" + report);
        assertThat(put.committed()).isPositive();
        assertThat(evidence.committed()).isPositive();
    }

    /**
     * The baseline: one key per transaction of the trivial-put chaincode, {@value #IN_FLIGHT} in
     * flight, after a warm-up.
     */
    static Measured trivialPuts(FabricAlliance alliance, Connection put, FabricLedger zz) throws InterruptedException {
        WriteLoad.Send sendPut = putSender(alliance, put);
        measure("warm-up put", sendPut, zz, WARM_UP);
        return measure("trivial put", i -> sendPut.send(1_000_000 + i), zz, RUN);
    }

    /** Sends trivial puts, key {@code i} for write {@code i}. */
    static WriteLoad.Send putSender(FabricAlliance alliance, Connection put) {
        return i -> {
            try {
                return put.call(gw -> gw.getNetwork("evidence").getContract("put").newProposal("Put")
                        .addArguments("k-" + alliance.run + "-" + i, VALUE).build().endorse().submitAsync()
                        .getTransactionId());
            } catch (GatewayException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }

    static Measured measure(String name, WriteLoad.Send send, FabricLedger zz, Duration run) throws InterruptedException {
        WriteLoad load = new WriteLoad(send, zz::status, IN_FLIGHT, Integer.MAX_VALUE, run, run.plusSeconds(90)).start();
        List<WriteLoad.Outcome> outcomes = load.await();
        long end = load.started + run.toNanos();
        List<Long> latencies = outcomes.stream().filter(o -> o.committed > 0).map(o -> o.latency().toMillis()).sorted().toList();
        int committedInRun = (int) outcomes.stream().filter(o -> o.committed > 0 && o.committed <= end).count();
        int retries = outcomes.stream().mapToInt(o -> o.failures).sum();
        load.failureKinds().forEach(k -> System.err.println("fabric bench: " + name + " retried " + k.getValue() + "x after "
                + k.getKey()));
        Measured m = new Measured(name, committedInRun, committedInRun / (double) run.toSeconds(),
                Duration.ofMillis(percentile(latencies, 50)), Duration.ofMillis(percentile(latencies, 95)), retries);
        System.err.println("fabric bench: " + m.markdown());
        return m;
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Resident memory per node type, from each node's PID file and {@code /proc/<pid>/status}. */
    static Map<String, String> residentMemory(Path state) throws IOException {
        Map<String, List<Long>> byKind = new TreeMap<>();
        try (var pids = Files.list(state.resolve("pids"))) {
            for (Path pidFile : pids.sorted().toList()) {
                String node = pidFile.getFileName().toString().replace(".pid", "");
                String pid = Files.readString(pidFile).strip();
                Path status = Path.of("/proc", pid, "status");
                if (!Files.exists(status)) {
                    continue;
                }
                long kb = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
                byKind.computeIfAbsent(node.substring(0, node.indexOf('.')), k -> new ArrayList<>()).add(kb);
            }
        }
        Map<String, String> out = new TreeMap<>();
        byKind.forEach((kind, kbs) -> out.put(kind, String.format("%d-%d MB (%d nodes)", kbs.stream().mapToLong(k -> k).min()
                .orElse(0) / 1024, kbs.stream().mapToLong(k -> k).max().orElse(0) / 1024, kbs.size())));
        return out;
    }
}
