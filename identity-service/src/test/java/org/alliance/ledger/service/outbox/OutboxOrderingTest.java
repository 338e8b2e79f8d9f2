package org.alliance.ledger.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.FlakyLedger;
import org.alliance.ledger.service.testkit.LedgerOutageTestBase;
import org.alliance.ledger.service.testkit.SelfHomedCase;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Entries that depend on each other reach the ledger in the order they were acknowledged, across
 * retries, outages and worker restarts, while independent chains do not wait.
 */
class OutboxOrderingTest extends LedgerOutageTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxOrderingTest.class);
    private static final String[] STEPS = SelfHomedCase.STEPS;
    private static final String[] USERS = SelfHomedCase.USERS;

    @Autowired
    private DataSource dataSource;
    @Autowired
    private TransactionTemplate tx;
    @Autowired
    private OutboxProperties outboxProperties;
    @Autowired
    private AllianceProperties alliance;

    /**
     * The outage seen in the field: a receive fails twice and backs off, the clerk's forward is
     * acknowledged meanwhile and is due at once; when the ledger returns, the forward used to go
     * first and fail UNKNOWN_CASE. It now waits for its receive, and an unrelated case does not.
     */
    @Test
    void aStepAcknowledgedDuringAnOutageNeverOvertakesItsCase() throws Exception {
        flaky.mode(FlakyLedger.Mode.FAIL_BEFORE);
        String caseId = receive();
        worker.drain();
        clock.advance(Duration.ofSeconds(3));
        worker.drain();
        OutboxEntry receipt = outbox.find(caseId + "/receive").orElseThrow();
        assertThat(receipt.attempts()).as("failed twice, backing off").isEqualTo(2);

        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        flaky.mode(FlakyLedger.Mode.NORMAL);
        String other = receive();
        worker.drain();

        assertThat(statuses(caseId)).as("the forward waits behind its receive")
                .containsExactly(OutboxStatus.PENDING, OutboxStatus.PENDING);
        assertThat(outbox.find(other + "/receive").orElseThrow().status()).as("an independent case does not wait")
                .isEqualTo(OutboxStatus.COMMITTED);

        clock.advance(Duration.ofSeconds(5));
        worker.drain();
        assertThat(statuses(caseId)).containsExactly(OutboxStatus.COMMITTED, OutboxStatus.COMMITTED);
        assertThat(ledger.caseTimeline(caseId, clock.instant()).steps()).extracting(CaseStepView::action)
                .extracting(Enum::name).containsExactly("RECEIVE", "FORWARD");
    }

    /**
     * Many chains under random outages (before and after the ledger commits) and worker restarts:
     * every acknowledged write commits, in acknowledgement order, none fails.
     */
    @Test
    void manyChainsUnderRandomOutagesAndRestartsCommitInOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int chains = 12;
        List<String> cases = new ArrayList<>();
        Map<String, List<String>> acked = new HashMap<>();
        int[] next = new int[chains];
        int writes = 0;
        int outages = 0;
        int restarts = 0;
        OutboxWorker current = worker;
        for (int round = 0; round < 400 && writes < chains * (STEPS.length + 1); round++) {
            int dice = random.nextInt(10);
            if (dice < 5) {
                int c = random.nextInt(chains);
                if (c >= cases.size()) {
                    String id = receive();
                    cases.add(id);
                    acked.put(id, new ArrayList<>(List.of("RECEIVE")));
                    writes++;
                } else if (next[c] < STEPS.length) {
                    String id = cases.get(c);
                    api.post(USERS[next[c]], "/api/cases/" + id + "/" + STEPS[next[c]], "{}").andExpect(status().isOk());
                    acked.get(id).add(STEPS[next[c]].toUpperCase(java.util.Locale.ROOT));
                    next[c]++;
                    writes++;
                }
            } else if (dice == 5) {
                FlakyLedger.Mode mode = FlakyLedger.Mode.values()[random.nextInt(3)];
                outages += mode == FlakyLedger.Mode.NORMAL ? 0 : 1;
                flaky.mode(mode);
            } else if (dice == 6) {
                // A worker that claimed a run and died before submitting it; a new one starts.
                current.claim(outboxProperties.batchSize() * outboxProperties.inFlight());
                current = new OutboxWorker(outbox, jdbc, dataSource, tx, flaky, clock, outboxProperties, alliance);
                restarts++;
            } else if (dice == 7) {
                clock.advance(Duration.ofMillis(random.nextInt(6000)));
            } else {
                current.runOnce();
            }
        }
        flaky.mode(FlakyLedger.Mode.NORMAL);
        clock.advance(Duration.ofMinutes(6));
        current.drain();

        int outOfOrder = 0;
        int failed = 0;
        for (String id : cases) {
            List<String> onLedger = ledger.caseTimeline(id, clock.instant()).steps().stream()
                    .map(s -> s.action().name()).toList();
            outOfOrder += onLedger.equals(acked.get(id)) ? 0 : 1;
            failed += (int) outbox.withPrefix(id + "/").stream().filter(e -> e.status() == OutboxStatus.FAILED).count();
        }
        LOG.info("ordering (seed {}): {} chains, {} writes, {} outages, {} worker restarts, {} out-of-order, {} failed",
                seed, cases.size(), writes, outages, restarts, outOfOrder, failed);
        assertThat(writes).as("seed " + seed).isGreaterThan(20);
        assertThat(outOfOrder).as("chains out of order, seed " + seed).isZero();
        assertThat(failed).as("failed entries, seed " + seed).isZero();
    }

    private String receive() throws Exception {
        JsonNode created = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE).andExpect(status().isCreated()));
        return created.path("caseId").asText();
    }

    private List<OutboxStatus> statuses(String caseId) {
        return outbox.withPrefix(caseId + "/").stream().map(OutboxEntry::status).toList();
    }
}
