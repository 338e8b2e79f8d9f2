package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxProperties;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evidence records through the service's outbox to Fabric, next to a trivial put, on one
 * network in one run (the bench profile's, of its own: state in {@code
 * ledger-client/ledger-fabric/target/fabric-outbox-bench}, ports from {@code
 * ALLIANCE_FABRIC_PORT_BASE + 200}). Zhangzhou's outbox is the service's own code (Flyway's
 * schema on H2, the real {@link Outbox} and {@link OutboxWorker}) over the real
 * {@link FabricLedger}; the records are identity attestations.
 *
 * <ul>
 *   <li>(a) the trivial put, one key per transaction, {@value FabricThroughputBench#IN_FLIGHT} in
 *       flight: the baseline;
 *   <li>(b) one record per transaction through the outbox, as many transactions in flight;
 *   <li>(c) records batched through the outbox at batch sizes 1, 10, 100 and 1000, 8 transactions
 *       in flight (2 at 1000).
 * </ul>
 *
 * <p>For (b) and (c): records committed per second with a backlog acknowledged beforehand (the
 * saturation rate); then, at half that rate offered for {@link #HALF_LOAD} by an open-loop
 * producer, p50 and p95 from acknowledgement (the outbox insert) to commit (the outbox marked
 * with the committed transaction); and the CPU of every Fabric node and of this JVM, in ms per
 * record, over the saturation phase. Results go to {@code target/outbox-bench.md} and the plot to
 * {@code target/outbox-bench.png}.
 *
 * <p>Tagged {@code bench}, so CI never runs it: {@code ./alliance mvn -o -q -pl
 * ledger-client/ledger-fabric,identity-service -am install -DexcludedTestTags=none
 * -Dtest=OutboxFabricBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@Tag("bench")
class OutboxFabricBench {
    private static final int[] BATCHES = {1, 10, 100, 1000};
    /** Backlog per batch size: enough for about 20 s of saturation at the rates seen on 2 cores. */
    private static final int[] BACKLOG = {600, 1500, 6000, 12000};
    /**
     * Transactions in flight per batch size. At 1000 records, 8 in flight queued minutes of
     * endorsement on 2 cores, and the peers' connections to the chaincode servers were closed
     * (GOAWAY "too_many_pings") under those long calls; 2 keep the endorsers as busy.
     */
    private static final int[] IN_FLIGHT = {8, 8, 8, 2};
    private static final Duration HALF_LOAD = Duration.ofSeconds(30);
    private static final Duration GIVE_UP = Duration.ofMinutes(6);
    private static final long TICK_MS = 10;

    @RegisterExtension
    static final OwnBenchNetwork BENCH = new OwnBenchNetwork("fabric-outbox-bench", 200);

    /** One configuration's figures. */
    record Row(String name, int batch, int inFlight, int records, double perSecond, double offered, long p50, long p95,
            Map<String, Double> nodeCpuMsPerRecord, double clientCpuMsPerRecord) {
        double nodesTotal() {
            return nodeCpuMsPerRecord.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %s | %d ms | %d ms | %.2f | %.2f / %.2f / %.2f | %.2f |",
                    name, batch, inFlight, records, perSecond, offered == 0 ? "–" : String.format(Locale.ROOT, "%.1f", offered),
                    p50, p95, nodesTotal(), nodeCpuMsPerRecord.getOrDefault("orderer", 0.0),
                    nodeCpuMsPerRecord.getOrDefault("peer", 0.0), nodeCpuMsPerRecord.getOrDefault("ccserver", 0.0)
                            + nodeCpuMsPerRecord.getOrDefault("putserver", 0.0), clientCpuMsPerRecord);
        }
    }

    @Test
    void evidenceThroughTheOutboxOneByOneAndBatchedNextToATrivialPut() throws Exception {
        FabricLedger zz = BENCH.alliance().keep(BENCH.alliance().ledger(FabricAlliance.index(FabricAlliance.ZZ),
                List.of(Role.AUDITOR, Role.SERVICE), BENCH.alliance().peers(0, 1)).build());
        FabricUser service = FabricUser.fromMspDir(FabricAlliance.ZZ, Role.SERVICE, BENCH.network().users("zhangzhou", "service"));
        List<Row> rows = new ArrayList<>();
        long[] cpu = {nodeCpuMs(), clientCpuMs()};
        FabricThroughputBench.Measured put;
        Map<String, Long> putCpu;
        long putClient;
        try (Connection putter = new Connection(service, BENCH.alliance().peers(0))) {
            WriteLoad.Send send = FabricThroughputBench.putSender(BENCH.alliance(), putter);
            FabricThroughputBench.measure("warm-up put", send, zz, FabricThroughputBench.WARM_UP);
            Map<String, Long> before = cpuByKind();
            long client = clientCpuMs();
            put = FabricThroughputBench.measure("trivial put", i -> send.send(1_000_000 + i), zz, FabricThroughputBench.RUN);
            putCpu = minus(cpuByKind(), before);
            putClient = clientCpuMs() - client;
        }
        // Every put sent in the measured run counts for its CPU, committed in the run or just after it.
        rows.add(new Row("(a) trivial put", 1, FabricThroughputBench.IN_FLIGHT, put.committed(), put.perSecond(), 0,
                put.p50().toMillis(), put.p95().toMillis(), perRecord(putCpu, put.committed()),
                putClient / (double) put.committed()));

        int[] serial = {0};
        rows.add(outbox("(b) evidence, one per transaction", 1, FabricThroughputBench.IN_FLIGHT, BACKLOG[0], zz, serial));
        // -Doutbox.bench.batches=100 runs (c) at that size only, for a profile of one load.
        String only = System.getProperty("outbox.bench.batches");
        for (int i = 0; i < BATCHES.length; i++) {
            if (only != null && !List.of(only.split(",")).contains(Integer.toString(BATCHES[i]))) {
                continue;
            }
            rows.add(outbox("(c) evidence batched", BATCHES[i], IN_FLIGHT[i], BACKLOG[i], zz, serial));
        }

        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        double b = rows.get(1).perSecond() / put.perSecond();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                | run | batch | in flight | records | records/s | offered at half load (records/s) | p50 | p95 | node CPU ms/record | of which orderers / peers / chaincode servers | client CPU ms/record |
                |---|---|---|---|---|---|---|---|---|---|---|
                """));
        rows.forEach(r -> report.append(r.markdown()).append('\n'));
        report.append(String.format(Locale.ROOT, """

                (b) / (a): %.2f (records/s). Best batched rate: %.1f records/s.
                The put's p50/p95 are from send to commit at saturation; the outbox rows' are from acknowledgement to commit
                at half their saturation rate. CPU is user+system time of every Fabric node's process (orderers, peers,
                chaincode servers) and of this JVM (the outbox, the Gateway client, the signing of the records is not
                counted: they were signed before), over the saturation phase.

                load average at the end: %s; %d cores; CPU of all nodes over the whole run: %d ms, this JVM: %d ms
                """, b, rows.stream().skip(2).mapToDouble(Row::perSecond).max().orElse(0), load,
                Runtime.getRuntime().availableProcessors(), nodeCpuMs() - cpu[0], clientCpuMs() - cpu[1]));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "outbox-bench.md"), report);
        plot(rows.subList(2, rows.size()), Path.of("target", "outbox-bench"));
        System.err.println("outbox bench (profile bench):\n" + report);
        assertThat(rows).allSatisfy(r -> assertThat(r.records()).isPositive());
    }

    /** One outbox configuration: saturation on a backlog, then latency at half that rate. */
    private Row outbox(String name, int batch, int inFlight, int backlog, FabricLedger zz, int[] serial) throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:outbox-bench-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        Clock clock = Clock.systemUTC();
        Outbox outbox = new Outbox(jdbc, clock);
        OutboxWorker worker = new OutboxWorker(outbox, jdbc, db, new TransactionTemplate(new DataSourceTransactionManager(db)),
                zz, clock, new OutboxProperties(false, Duration.ofMillis(50), batch, inFlight, Duration.ZERO,
                        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(2), "outbox-bench"),
                new AllianceProperties(Path.of("target"), FabricAlliance.ZZ));
        Instant t = BENCH.alliance().agreed.plusSeconds(3600);

        // Saturation: the whole backlog acknowledged first.
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < backlog; i++) {
            records.add(record(t, serial));
        }
        records.forEach(r -> outbox.add(r, Role.SERVICE));
        Map<String, Long> nodes = cpuByKind();
        long client = clientCpuMs();
        long start = System.nanoTime();
        drain(worker, outbox);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> nodeMs = perRecord(minus(cpuByKind(), nodes), backlog);
        double clientMs = (clientCpuMs() - client) / (double) backlog;
        assertThat(outbox.count(OutboxStatus.FAILED)).as("refused records").isZero();
        double rate = backlog / seconds;

        // Half that rate, offered by an open-loop producer while the worker runs.
        double offered = rate / 2;
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread running = Thread.ofVirtual().start(() -> {
            // As the service's scheduler does: drain, then a short pause once nothing is due.
            while (producing.get() || outbox.count(OutboxStatus.PENDING) + outbox.count(OutboxStatus.SUBMITTED) > 0) {
                worker.drain();
                sleep(20);
            }
        });
        long produced = 0;
        long from = System.nanoTime();
        Instant halfStart = clock.instant();
        while (System.nanoTime() - from < HALF_LOAD.toNanos()) {
            long due = (long) ((System.nanoTime() - from) / 1e9 * offered);
            for (; produced < due; produced++) {
                outbox.add(record(t, serial), Role.SERVICE);
            }
            sleep(10);
        }
        producing.set(false);
        running.join(GIVE_UP.toMillis());
        List<Long> latencies = outbox.all().stream().filter(e -> !e.createdAt().isBefore(halfStart))
                .filter(e -> e.status() == OutboxStatus.COMMITTED)
                .map(e -> Duration.between(e.createdAt(), e.updatedAt()).toMillis()).sorted().toList();
        assertThat(latencies).as("records of the half-load phase").hasSize((int) produced);
        Row row = new Row(name, batch, inFlight, backlog, rate, offered, FabricThroughputBench.percentile(latencies, 50),
                FabricThroughputBench.percentile(latencies, 95), nodeMs, clientMs);
        System.err.println("outbox bench: " + row.markdown());
        return row;
    }

    private static void drain(OutboxWorker worker, Outbox outbox) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (outbox.count(OutboxStatus.PENDING) + outbox.count(OutboxStatus.SUBMITTED) > 0) {
            assertThat(System.nanoTime()).as("the backlog committed within %s", GIVE_UP).isLessThan(deadline);
            worker.drain();
        }
    }

    private static SignedRecord record(Instant t, int[] serial) {
        int k = serial[0]++;
        return BENCH.alliance().signer(FabricAlliance.ZZ).create("outbox-bench-" + BENCH.alliance().run + "-" + k,
                t.plusMillis(k), null, BENCH.alliance().attestation(k));
    }

    /** User and system CPU of the network's nodes by kind (orderer, peer, ccserver, putserver), from {@code /proc/<pid>/stat}, in ms. */
    private static Map<String, Long> cpuByKind() throws IOException {
        Map<String, Long> ms = new TreeMap<>();
        try (var pids = Files.list(BENCH.network().state.resolve("pids"))) {
            for (Path pidFile : pids.toList()) {
                Path stat = Path.of("/proc", Files.readString(pidFile).strip(), "stat");
                if (Files.exists(stat)) {
                    String s = Files.readString(stat);
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    String node = pidFile.getFileName().toString();
                    ms.merge(node.substring(0, node.indexOf('.')), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS,
                            Long::sum);
                }
            }
        }
        return ms;
    }

    private static long nodeCpuMs() throws IOException {
        return cpuByKind().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    private static Map<String, Double> perRecord(Map<String, Long> ms, int records) {
        Map<String, Double> out = new TreeMap<>();
        ms.forEach((k, v) -> out.put(k, v / (double) records));
        return out;
    }

    private static long clientCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** Records/s and p95 against the batch size, log scale, as PNG. */
    private static void plot(List<Row> batched, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title("Evidence through the outbox to Fabric, by batch size").xAxisTitle("records per transaction")
                .yAxisTitle("records/s committed; p95 latency (ms)").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(8);
        double[] x = batched.stream().mapToDouble(Row::batch).toArray();
        chart.addSeries("records/s (saturation)", x, batched.stream().mapToDouble(Row::perSecond).toArray());
        chart.addSeries("p95 ms at half load", x, batched.stream().mapToDouble(r -> Math.max(1, r.p95())).toArray());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
