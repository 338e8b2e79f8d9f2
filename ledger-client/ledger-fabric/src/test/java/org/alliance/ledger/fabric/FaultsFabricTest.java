package org.alliance.ledger.fabric;

import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommitStatus;
import static org.alliance.ledger.fabric.FabricAlliance.AUDIT;
import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.RecordRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real network under a bounded load of evidence writes: Zhangzhou's service writes a
 * fixed number of identity attestations, one per transaction, from a few concurrent writers, and
 * a node is SIGKILLed (or the committed-batch listener restarted) once a quarter of them are
 * acknowledged. For each fault the table counts the writes acknowledged (a transaction id came
 * back), committed (status VALID and the record readable through another org), lost (acknowledged
 * but not on the ledger) and duplicated (a record id twice on the ledger or in the committed
 * batches), and the time to recover. Lost and duplicated must be 0. The table is printed and
 * written to {@code target/fabric-faults.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsFabricTest extends FabricSuite {
    private static final int WRITES = 60;
    private static final int WRITERS = 4;
    private static final Duration GIVE_UP = Duration.ofSeconds(150);
    /** Shorter than the default: a status that does not come means the write is sent again. */
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(20));
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    /** The leader-failover goal of the network's SmartBFT settings. */
    private static final Duration FAILOVER_GOAL = Duration.ofSeconds(10);
    private static final Pattern LEADER = Pattern.compile(
            "^consensus_smartbft_view_leader_id\\{channel=\"evidence\"} (\\d+)", Pattern.MULTILINE);

    private static final Map<Integer, String> TABLE = new TreeMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static BatchListener listener;
    /** When the last {@code node kill} had taken effect (the process gone), as a {@link System#nanoTime()}. */
    private static volatile long killedAt;
    /** The load under way, held while a node is killed so that writes are left to send after the kill. */
    private static volatile WriteLoad load;

    /** What a fault did: its note for the table, and a recovery time of its own if it measures one. */
    record Injected(String note, Duration recovery) {
    }

    /** Injects a fault once a quarter of the load is acknowledged. */
    @FunctionalInterface
    interface Fault {
        Injected inject() throws Exception;
    }

    /** One row of the table. */
    record Row(String fault, int writes, long acknowledged, long committed, long lost, long duplicated, int retries,
            Duration recovery, String note) {
        String markdown() {
            return String.format("| %s | %d | %d | %d | %d | %d | %d | %s | %s |", fault, writes, acknowledged, committed,
                    lost, duplicated, retries, recovery == null ? "-" : String.format("%.1f s", recovery.toMillis() / 1000.0),
                    note);
        }
    }

    @BeforeAll
    static void listen(@TempDir Path dir) {
        // Zhangzhou's listener, its own peer first: it fails over with the writers when that peer dies.
        FabricLedger zz = alliance.keep(alliance.ledger(FabricAlliance.index(ZZ), List.of(Role.AUDITOR),
                alliance.peers(0, 1)).build());
        listener = new BatchListener(zz, dir.resolve("faults.checkpoint")).start();
    }

    @AfterAll
    static void table() throws Exception {
        if (listener != null) {
            listener.close();
        }
        String header = """
                | fault | writes | acknowledged | committed | lost | duplicated | retried | time to recover | notes |
                |---|---|---|---|---|---|---|---|---|
                """;
        String table = header + String.join("\n", TABLE.values()) + "\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fabric-faults.md"), table);
        System.err.println("fabric suite: fault table (" + WRITES + " writes per fault, " + WRITERS
                + " writers, Zhangzhou's service):\n" + table);
    }

    @Test
    @Order(1)
    void aFollowerOrdererKilledAndRestarted() throws Exception {
        String leader = leader();
        String follower = orderer((orgIndex(leader) + 1) % 4);
        fault(1, "SIGKILL follower orderer", () -> {
            node("kill", follower);
            Thread.sleep(3000);
            node("start", follower);
            return new Injected("killed " + follower + " (leader " + leader + "), restarted after 3 s", null);
        });
    }

    @Test
    @Order(2)
    void theLeaderOrdererKilled() throws Exception {
        String leader = leader();
        Duration[] elected = new Duration[1];
        String[] next = new String[1];
        fault(2, "SIGKILL leader orderer", () -> {
            node("kill", leader);
            // The view change, as the surviving orderers report it.
            while (elected[0] == null && System.nanoTime() - killedAt < CATCH_UP.toNanos()) {
                Map<Integer, Integer> reports = leaderReports();
                long agreeing = reports.values().stream().filter(id -> id != orgIndex(leader) + 1).count();
                if (agreeing >= 2) {
                    elected[0] = Duration.ofNanos(System.nanoTime() - killedAt);
                    next[0] = orderer(reports.values().stream().filter(id -> id != orgIndex(leader) + 1)
                            .findFirst().orElseThrow() - 1);
                }
                Thread.sleep(100);
            }
            assertThat(elected[0]).as("a new leader within %s", CATCH_UP).isNotNull();
            return new Injected(String.format("killed %s; %s leads after %.1f s (view change); restarted after the load",
                    leader, next[0], elected[0].toMillis() / 1000.0), null);
        }, () -> node("start", leader));
        assertThat(elected[0]).as("leader failover goal").isLessThanOrEqualTo(FAILOVER_GOAL);
    }

    @Test
    @Order(3)
    void anOrgsPeerKilledItsClientFailsOver() throws Exception {
        fault(3, "SIGKILL Zhangzhou's peer", () -> {
            node("kill", "peer.zhangzhou");
            return new Injected("writers and listener move to peer.chaozhou; peer restarted after the load", null);
        }, () -> node("start", "peer.zhangzhou"));
    }

    @Test
    @Order(4)
    void anOrgsChaincodeServerKilledAndRestarted() throws Exception {
        fault(4, "SIGKILL Zhangzhou's chaincode server", () -> {
            node("kill", "ccserver.zhangzhou");
            Thread.sleep(5000);
            node("start", "ccserver.zhangzhou");
            return new Injected(String.format("restarted after 5 s, listening again %.1f s after the kill",
                    (System.nanoTime() - killedAt) / 1e9), null);
        });
    }

    @Test
    @Order(5)
    void theListenerRestartedAtAnArbitraryPoint() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        fault(5, "restart the committed-batch listener", () -> {
            Thread.sleep(random.nextInt(1000));
            listener.stop();
            Set<String> seenAtStop = listener.handled().stream().map(CommittedBatch::transactionId)
                    .collect(Collectors.toSet());
            Thread.sleep(1000 + random.nextInt(1000));
            // What committed while it was down (and before) must all come, once.
            Set<String> before = Set.copyOf(committedAt.keySet());
            long missed = before.stream().filter(tx -> !seenAtStop.contains(tx)).count();
            long restarted = System.nanoTime();
            listener.start();
            assertThat(listener.awaitHandled(before, CATCH_UP)).as("caught up within %s", CATCH_UP).isTrue();
            return new Injected("stopped at a random point (seed " + seed + ") for 1-2 s, while " + missed
                    + " of the load's batches committed; time to catch up with them",
                    Duration.ofNanos(System.nanoTime() - restarted));
        }, () -> { }, committedAt);
    }

    private void fault(int n, String name, Fault fault) throws Exception {
        fault(n, name, fault, () -> { }, new ConcurrentHashMap<>());
    }

    private void fault(int n, String name, Fault fault, ThrowingRunnable afterLoad) throws Exception {
        fault(n, name, fault, afterLoad, new ConcurrentHashMap<>());
    }

    /**
     * Runs the load, injects the fault once a quarter of the writes are acknowledged, restores the
     * network after the load, and checks and records the outcome.
     *
     * @param committedAt filled with each committed transaction id as the writers see it commit
     */
    private void fault(int n, String name, Fault fault, ThrowingRunnable afterLoad, Map<String, Long> committedAt)
            throws Exception {
        FabricLedger zz = alliance.keep(alliance.ledger(FabricAlliance.index(ZZ), List.of(Role.AUDITOR, Role.SERVICE),
                alliance.peers(0, 1)).timeouts(TIMEOUTS).build());
        String prefix = "fault" + n + "-" + alliance.run + "-";
        Instant t = alliance.agreed.plusSeconds(3600L * n);
        Function<String, CommitStatus> status = txId -> {
            CommitStatus s = zz.status(txId);
            if (s.valid()) {
                committedAt.putIfAbsent(txId, System.nanoTime());
            }
            return s;
        };
        load = new WriteLoad(WriteLoad.attestations(alliance, zz, prefix, t), status, WRITERS, WRITES, GIVE_UP,
                GIVE_UP).start();
        assertThat(load.awaitAcknowledged(WRITES / 4, Duration.ofSeconds(60))).as("a quarter acknowledged before the fault")
                .isTrue();
        killedAt = 0;
        long at = System.nanoTime();
        Injected injected = fault.inject();
        // Recovery counts from the moment the killed process was gone, if the fault killed one.
        long from = killedAt != 0 ? killedAt : at;
        List<WriteLoad.Outcome> outcomes = load.await();
        afterLoad.run();
        Duration caughtUp = awaitHealthyAndLevel();

        // What the ledger holds, read through another org's peer.
        FabricLedger audit = alliance.ledger(AUDIT);
        long acknowledged = outcomes.stream().filter(o -> o.acknowledged > 0).count();
        List<String> ackedIds = outcomes.stream().filter(o -> o.acknowledged > 0).map(o -> prefix + o.index).toList();
        Map<String, String> onLedger = new HashMap<>();
        for (String id : ackedIds) {
            audit.record(id).ifPresent(rec -> onLedger.put(id, rec.batchId()));
        }
        long committed = outcomes.stream().filter(o -> o.committed > 0 && onLedger.containsKey(prefix + o.index)
                && audit.status(onLedger.get(prefix + o.index)).valid()).count();
        long lost = ackedIds.stream().filter(id -> !onLedger.containsKey(id)).count();
        Map<String, Long> listed = countIds(WriteLoad.listed(audit, ZZ, t.minusSeconds(1), t.plusSeconds(WRITES + 1)).stream()
                .map(RecordRef::id).filter(id -> id.startsWith(prefix)).toList());
        // Every committed batch of the load reaches the listener, and none twice.
        Set<String> batches = Set.copyOf(onLedger.values());
        assertThat(listener.awaitHandled(batches, CATCH_UP)).as("the listener saw every batch of fault %d", n).isTrue();
        List<CommittedBatch> handled = listener.handled();
        Map<String, Long> inEvents = countIds(handled.stream().flatMap(b -> b.receipt().records().stream())
                .map(e -> e.id()).filter(id -> id.startsWith(prefix)).toList());
        Map<String, Long> batchesSeen = countIds(handled.stream().map(CommittedBatch::transactionId)
                .filter(batches::contains).toList());
        long duplicated = Set.copyOf(concat(listed, inEvents)).size();
        int retries = outcomes.stream().mapToInt(o -> o.failures).sum();
        Duration recovery = injected.recovery() != null ? injected.recovery()
                : outcomes.stream().filter(o -> o.firstSent > from && o.committed > 0).mapToLong(o -> o.committed - from).min()
                        .stream().mapToObj(Duration::ofNanos).findFirst().orElse(null);
        String note = injected.note()
                + (caughtUp == null ? "" : String.format("; every node healthy and level %.1f s after the load",
                        caughtUp.toMillis() / 1000.0))
                + load.failureKinds().stream().findFirst()
                        .map(k -> "; most retries after " + k.getKey().replaceAll(",? see attached details.*", "")).orElse("");
        Row row = new Row(name, WRITES, acknowledged, committed, lost, duplicated, retries, recovery, note);
        TABLE.put(n, row.markdown());
        load.failureKinds().forEach(k -> System.err.println("fabric suite: fault " + n + " retried " + k.getValue()
                + "x after " + k.getKey()));
        System.err.println("fabric suite: fault: " + row.markdown());
        String failures = outcomes.stream().filter(o -> o.lastFailure != null).map(o -> o.index + ": " + o.lastFailure)
                .limit(5).collect(Collectors.joining("\n"));

        assertThat(lost).as("lost").isZero();
        assertThat(duplicated).as("duplicated").isZero();
        assertThat(acknowledged).as("acknowledged; some failures:\n%s", failures).isEqualTo(WRITES);
        assertThat(committed).as("committed; some failures:\n%s", failures).isEqualTo(WRITES);
        assertThat(listed).as("listed by org").hasSize(WRITES);
        assertThat(inEvents.keySet()).as("in the committed batches").isEqualTo(onLedger.keySet());
        assertThat(batchesSeen.values()).as("each batch handled once").allMatch(c -> c == 1);
        assertThat(recovery).as("a write sent after the fault committed").isNotNull();
    }

    /** The ids that occur more than once in either count. */
    private static List<String> concat(Map<String, Long> a, Map<String, Long> b) {
        List<String> out = new ArrayList<>();
        a.forEach((id, c) -> {
            if (c > 1) {
                out.add(id);
            }
        });
        b.forEach((id, c) -> {
            if (c > 1) {
                out.add(id);
            }
        });
        return out;
    }

    private static Map<String, Long> countIds(List<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void node(String action, String name) {
        boolean kill = action.equals("kill");
        if (kill) {
            load.hold();
        }
        try {
            FabricNetwork.Result r = alliance.network.script(Duration.ofSeconds(90), "node", action, name);
            assertThat(r.exit()).as("node %s %s:\n%s", action, name, r.tail(20)).isZero();
            if (kill) {
                killedAt = System.nanoTime();
            }
        } finally {
            if (kill) {
                load.release();
            }
        }
    }

    private static Duration awaitHealthyAndLevel() throws InterruptedException {
        return alliance.network.awaitHealthyAndLevel(FabricAlliance.ORGS.size(), CATCH_UP, alliance::nextBlock);
    }

    /** The leader all four orderers report; an orderer restarted a moment ago may take a while to say. */
    private static String leader() throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        Map<Integer, Integer> reports = leaderReports();
        while (reports.size() < FabricAlliance.ORGS.size() || Set.copyOf(reports.values()).size() != 1) {
            assertThat(System.nanoTime()).as("the orderers agree on a leader: %s", reports).isLessThan(deadline);
            Thread.sleep(500);
            reports = leaderReports();
        }
        return orderer(reports.values().iterator().next() - 1);
    }

    private static String orderer(int orgIndex) {
        return "orderer." + FabricAlliance.ORGS.get(orgIndex);
    }

    private static int orgIndex(String node) {
        return FabricAlliance.ORGS.indexOf(node.substring(node.indexOf('.') + 1));
    }

    /**
     * The leader each reachable orderer reports, from its {@code consensus_smartbft_view_leader_id}
     * metric; consenter ids are 1 to 4 in the order of the orgs.
     */
    private static Map<Integer, Integer> leaderReports() {
        Map<Integer, Integer> reports = new TreeMap<>();
        for (int i = 0; i < FabricAlliance.ORGS.size(); i++) {
            try {
                String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + alliance.network.ordererOpsPort(i) + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = LEADER.matcher(body);
                if (m.find()) {
                    reports.put(i, Integer.parseInt(m.group(1)));
                }
            } catch (IOException unreachable) {
                // A killed orderer reports nothing.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return reports;
    }
}
