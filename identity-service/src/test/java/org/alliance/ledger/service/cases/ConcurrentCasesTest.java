package org.alliance.ledger.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.SelfHomedCase;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Writers, pollers and the outbox worker at once. Valid writes are never refused because the worker
 * commits while they are judged, and a case is never shown in a state its own steps contradict.
 */
class ConcurrentCasesTest extends ServiceTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentCasesTest.class);
    private static final String RECEIVE = SelfHomedCase.RECEIVE;
    private static final String[] STEPS = SelfHomedCase.STEPS;
    private static final String[] USERS = SelfHomedCase.USERS;

    /** The worker, run over and over in the background as the scheduler would, until stopped. */
    private final class Drainer implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> running = thread.submit(() -> {
            while (!stop.get()) {
                if (worker.runOnce() == 0) {
                    Thread.sleep(5);
                }
            }
            return null;
        });

        @Override
        public void close() throws Exception {
            stop.set(true);
            running.get(60, TimeUnit.SECONDS);
            thread.shutdown();
            worker.drain();
        }
    }

    /** 1,800 signed and judged writes take minutes on two cores: tagged, run by the all-tests profile. */
    @Test
    @Tag("stress")
    void threeWritersReceive600CasesEachWithNoSpuriousRefusal() throws Exception {
        int writers = 3;
        int perWriter = 600;
        Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        try (Drainer drainer = new Drainer()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        MockHttpServletResponse r = api.post("clerk", "/api/cases", RECEIVE).andReturn().getResponse();
                        if (r.getStatus() == 201) {
                            created.incrementAndGet();
                        } else {
                            String reason = r.getStatus() + " " + Api.json(r.getContentAsString()).path("reason").asText();
                            refusals.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
                            LOG.error("refused: {}", r.getContentAsString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("{} writers x {} receives: {} created, refusals {}, {} s ({} receives/s)", writers, perWriter,
                created.get(), refusals, String.format("%.1f", seconds), String.format("%.0f", created.get() / seconds));
        assertThat(refusals).as("spurious refusals").isEmpty();
        assertThat(created.get()).isEqualTo(writers * perWriter);
    }

    @Test
    void twoPollersNeverSeeACaseInAStateItsStepsContradict() throws Exception {
        int cases = 20;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            ids.add(Api.json(api.post("clerk", "/api/cases", RECEIVE).andReturn().getResponse().getContentAsString())
                    .path("caseId").asText());
        }
        AtomicBoolean moving = new AtomicBoolean(true);
        AtomicInteger answers = new AtomicInteger();
        List<String> inconsistent = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Drainer drainer = new Drainer()) {
            List<Future<?>> pollers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int offset = p;
                pollers.add(pool.submit(() -> {
                    for (int n = offset; moving.get() || n < offset + 2 * cases; n++) {
                        String id = ids.get(n % cases);
                        JsonNode view = Api.json(api.get("clerk", "/api/cases/" + id).andReturn().getResponse()
                                .getContentAsString());
                        answers.incrementAndGet();
                        String problem = contradiction(view);
                        if (problem != null) {
                            inconsistent.add(problem + ": " + view);
                        }
                    }
                    return null;
                }));
            }
            Future<?> mover = pool.submit(() -> {
                for (int s = 0; s < STEPS.length; s++) {
                    for (String id : ids) {
                        MockHttpServletResponse r = api.post(USERS[s], "/api/cases/" + id + "/" + STEPS[s], "{}")
                                .andReturn().getResponse();
                        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
                    }
                }
                return null;
            });
            try {
                mover.get(10, TimeUnit.MINUTES);
            } finally {
                moving.set(false);
            }
            for (Future<?> f : pollers) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        LOG.info("2 pollers over {} moving cases: {} answers, {} inconsistent", cases, answers.get(), inconsistent.size());
        assertThat(inconsistent).as("inconsistent answers").isEmpty();
        assertThat(answers.get()).isGreaterThan(4 * cases);
    }

    /**
     * What is wrong with a view, or null: the ledger's steps first, numbered 0, 1, 2 ...; each
     * record once; and the state is where the last step that did not fail leads.
     */
    private static String contradiction(JsonNode view) {
        Set<String> seen = new HashSet<>();
        int expectedSeq = 0;
        boolean pendingSeen = false;
        String to = null;
        for (JsonNode step : view.path("steps")) {
            if (!seen.add(step.path("recordId").asText())) {
                return "record listed twice";
            }
            String status = step.path("ledger").path("status").asText();
            if (step.has("seq")) {
                if (pendingSeen || step.path("seq").asInt() != expectedSeq++ || !status.equals("COMMITTED")) {
                    return "ledger steps out of order or not committed";
                }
            } else {
                pendingSeen = true;
                if (status.equals("COMMITTED")) {
                    return "a committed step without its ledger position";
                }
            }
            if (!status.equals("FAILED")) {
                to = step.path("to").asText();
            }
        }
        if (!view.path("state").asText().equals(to)) {
            return "state " + view.path("state").asText() + " but the steps lead to " + to;
        }
        return null;
    }
}
