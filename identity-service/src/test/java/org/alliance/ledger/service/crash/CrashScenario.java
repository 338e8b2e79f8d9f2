package org.alliance.ledger.service.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alliance.ledger.service.testkit.SelfHomedCase;
import org.alliance.ledger.service.testkit.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dependent writes from several writers into a real service process that is killed with SIGKILL
 * midway, restarted on the same files, and sent the unanswered requests again with their own
 * Idempotency-Keys; then the writers finish. Each writer files its cases one after another and
 * takes each case through receive, forward, approve, issue and close, so every write depends on
 * the one before it. At the end every acknowledged write must be on the ledger exactly once and in
 * order, and no case may exist twice.
 */
final class CrashScenario {
    private static final Logger LOG = LoggerFactory.getLogger(CrashScenario.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STEPS = {"receive", "forward", "approve", "issue", "close"};
    private static final String[] USERS = {"clerk", "clerk", "approver", "issuer", "clerk"};

    /** What one run counted. */
    record Counts(int writes, int ackedBeforeKill, int unanswered, int committed, int lost, int duplicated,
            int outOfOrder) {
    }

    /** One planned write and what happened to it. */
    private static final class Write {
        final int writer;
        final int caseIndex;
        final int step;
        final String key = UUID.randomUUID().toString();
        String caseId;
        boolean acked;

        Write(int writer, int caseIndex, int step) {
            this.writer = writer;
            this.caseIndex = caseIndex;
            this.step = step;
        }
    }

    private final Path dir;
    private final List<String> settings;
    private final int writers;
    private final int casesPerWriter;

    CrashScenario(Path dir, List<String> settings, int writers, int casesPerWriter) {
        this.dir = dir;
        this.settings = settings;
        this.writers = writers;
        this.casesPerWriter = casesPerWriter;
    }

    Counts run() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("service.log");
        List<List<Write>> plans = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<Write> plan = new ArrayList<>();
            for (int c = 0; c < casesPerWriter; c++) {
                for (int s = 0; s < STEPS.length; s++) {
                    plan.add(new Write(w, c, s));
                }
            }
            plans.add(plan);
        }
        int total = writers * casesPerWriter * STEPS.length;
        int[] next = new int[writers];
        AtomicInteger acks = new AtomicInteger();
        int killAt = total / 2;

        ServiceProcess first = ServiceProcess.start(data, log, settings);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int ww = w;
                running.add(pool.submit(() -> {
                    drive(first, plans.get(ww), next, ww, () -> {
                        if (acks.incrementAndGet() == killAt) {
                            first.kill();
                        }
                    });
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            first.kill();
        }
        int ackedBeforeKill = acks.get();
        int unanswered = 0;
        for (int w = 0; w < writers; w++) {
            unanswered += next[w] < plans.get(w).size() ? 1 : 0;
        }
        LOG.info("killed after {} acknowledgements; {} writer(s) had a request unanswered", ackedBeforeKill, unanswered);

        try (ServiceProcess second = ServiceProcess.start(data, log, settings)) {
            // Each writer sends its unanswered request again with the same key, then goes on.
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int ww = w;
                running.add(pool.submit(() -> {
                    drive(second, plans.get(ww), next, ww, () -> { });
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            return account(second, plans, total, ackedBeforeKill, unanswered);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends a writer's writes in order from where it stopped, until done or the service dies. */
    private void drive(ServiceProcess service, List<Write> plan, int[] next, int writer, Ack onAck) throws Exception {
        while (next[writer] < plan.size()) {
            Write write = plan.get(next[writer]);
            String caseId = write.step == 0 ? null : plan.get(next[writer] - write.step).caseId;
            HttpResponse<String> r;
            try {
                r = write.step == 0
                        ? service.send("clerk", "POST", "/api/cases", SelfHomedCase.RECEIVE, write.key)
                        : service.send(USERS[write.step], "POST", "/api/cases/" + caseId + "/" + STEPS[write.step],
                                "{}", write.key);
            } catch (IOException died) {
                return;
            }
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError("write " + STEPS[write.step] + " of writer " + writer + " case " + write.caseIndex
                        + " answered " + r.statusCode() + ": " + r.body());
            }
            write.caseId = JSON.readTree(r.body()).path("caseId").asText();
            write.acked = true;
            next[writer]++;
            onAck.acked();
        }
    }

    /** A hook run after each acknowledgement. */
    @FunctionalInterface
    private interface Ack {
        void acked() throws Exception;
    }

    /** Waits for the outbox to drain, then holds the ledger's account against the acknowledgements. */
    private Counts account(ServiceProcess service, List<List<Write>> plans, int total, int ackedBeforeKill,
            int unanswered) throws Exception {
        Map<String, List<Write>> byCase = new LinkedHashMap<>();
        for (List<Write> plan : plans) {
            for (Write w : plan) {
                assertThat(w.acked).as("every planned write was acknowledged in the end").isTrue();
                byCase.computeIfAbsent(w.caseId, k -> new ArrayList<>()).add(w);
            }
        }
        int committed = 0;
        int lost = 0;
        int duplicated = 0;
        int outOfOrder = 0;
        for (Map.Entry<String, List<Write>> e : byCase.entrySet()) {
            JsonNode view = awaitCommitted(service, e.getKey(), e.getValue().size());
            List<String> actions = new ArrayList<>();
            for (JsonNode step : view.path("steps")) {
                actions.add(step.path("action").asText().toLowerCase(java.util.Locale.ROOT).replace("_", "-"));
            }
            List<String> expected = e.getValue().stream().map(w -> STEPS[w.step]).toList();
            committed += Math.min(actions.size(), expected.size());
            lost += Math.max(0, expected.size() - actions.size());
            duplicated += Math.max(0, actions.size() - expected.size());
            if (!actions.equals(expected)) {
                outOfOrder++;
                LOG.error("case {}: ledger has {}, acknowledged {}", e.getKey(), actions, expected);
            }
        }
        // A receive retried after the crash must not have made a second case.
        Set<String> closed = new HashSet<>();
        String bookmark = "";
        do {
            HttpResponse<String> r = service.send("clerk", "GET", "/api/cases?state=CLOSED&role=accepting&pageSize=100"
                    + (bookmark.isEmpty() ? "" : "&bookmark=" + URLEncoder.encode(bookmark, StandardCharsets.UTF_8)),
                    null, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.path("cases").forEach(c -> closed.add(c.path("caseId").asText()));
            bookmark = page.path("bookmark").asText("");
        } while (!bookmark.isEmpty());
        duplicated += closed.size() - byCase.size();
        assertThat(closed).as("the closed cases are exactly the ones acknowledged").isEqualTo(byCase.keySet());
        Counts counts = new Counts(total, ackedBeforeKill, unanswered, committed, lost, duplicated, outOfOrder);
        LOG.info("crash run: {}", counts);
        return counts;
    }

    /** Polls a case until its steps are all COMMITTED (or a step failed, which the caller reports). */
    private static JsonNode awaitCommitted(ServiceProcess service, String caseId, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = service.send("clerk", "GET", "/api/cases/" + caseId, null, null);
            assertThat(r.statusCode()).as("case %s: %s", caseId, r.body()).isEqualTo(200);
            view = JSON.readTree(r.body());
            boolean settled = true;
            for (JsonNode step : view.path("steps")) {
                String status = step.path("ledger").path("status").asText();
                assertThat(status).as("case %s step %s: %s", caseId, step.path("recordId").asText(), step)
                        .isNotEqualTo("FAILED");
                settled &= status.equals("COMMITTED");
            }
            if (settled && view.path("steps").size() >= expected) {
                return view;
            }
            Thread.sleep(200);
        }
        return view;
    }
}
