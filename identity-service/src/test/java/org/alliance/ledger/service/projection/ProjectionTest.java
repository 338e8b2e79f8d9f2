package org.alliance.ledger.service.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The case projection against the service's real embedded ledger: it follows the ledger's
 * committed events, resumes from its checkpoint after a restart without applying a batch twice,
 * and rebuilds itself from the first block when the checkpoint is lost, corrupt or names a
 * transaction the ledger does not hold, saying so in health.
 */
class ProjectionTest extends ServiceTestBase {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    ProjectionRunner runner;
    @Autowired
    ProjectionStatus status;
    @Autowired
    ProjectionStore store;
    @Autowired
    ProjectionHealthIndicator health;
    @Autowired
    SubjectViews subjects;

    @Test
    void subjectViewsAreTheLedgersOnceProjectedAndTheLedgersWhileAWriteHereIsNotProjected() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        awaitCaughtUp();
        java.time.Instant now = clock.instant();
        assertThat(store.subject(SubjectKind.TIMELINE, caseId)).isPresent();
        assertThat(subjects.timeline(caseId, now)).isEqualTo(ledger.caseTimeline(caseId, now));
        assertThat(store.subject(SubjectKind.AGREEMENT, org.alliance.ledger.service.testkit.Api.AGREEMENT)).isPresent();
        assertThat(subjects.agreement(org.alliance.ledger.service.testkit.Api.AGREEMENT))
                .contains(ledger.agreement(org.alliance.ledger.service.testkit.Api.AGREEMENT));

        // With the projection stopped, a step taken here is read through the ledger, not the stale row.
        restart(() -> {
            try {
                api.post("clerk", "/api/cases/" + caseId + "/forward", "{}")
                        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
                worker.drain();
                assertThat(store.subject(SubjectKind.TIMELINE, caseId).orElseThrow()).doesNotContain("FORWARDED");
                assertThat(subjects.timeline(caseId, clock.instant()).status().state().name()).isEqualTo("FORWARDED");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return null;
        });
        awaitCaughtUp();
        assertThat(store.subject(SubjectKind.TIMELINE, caseId).orElseThrow()).contains("FORWARDED");
        assertThat(subjects.timeline(caseId, clock.instant()).status().state().name()).isEqualTo("FORWARDED");
    }

    @Test
    void aCaseReceivedHereIsProjectedWithTheLedgersStatusAndARestartResumesWithoutRepeating() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        awaitCaughtUp();
        CaseRow row = projected(caseId).orElseThrow();
        assertThat(row.state().name()).isEqualTo("RECEIVED");
        assertThat(row.homeOrg()).isEqualTo(DemoAlliance.CHAOZHOU);
        assertThat(row.deadline()).isEqualTo(ledger.caseTimeline(caseId, clock.instant()).status().deadline());
        assertThat(jdbc.sql("select count(*) from outbox where record_id like ? and projected = false")
                .param(caseId + "%").query(Long.class).single()).isZero();

        long before = status.batches();
        EventPosition at = status.position().orElseThrow();
        Optional<java.time.Instant> rebuilt = status.rebuiltAt();
        restart(() -> null);
        assertThat(status.position()).contains(at);
        assertThat(jdbc.sql("select transaction_id from projection_checkpoint").query(String.class).single())
                .isEqualTo(at.transactionId());
        // Nothing new was committed, so nothing was applied again.
        Thread.sleep(500);
        assertThat(status.batches()).isEqualTo(before);
        assertThat(status.rebuiltAt()).as("a restart with a good checkpoint does not rebuild").isEqualTo(rebuilt);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lost, delete from projection_checkpoint, missing",
        "corrupt, update projection_checkpoint set transaction_id = '', not a position",
        "foreign, update projection_checkpoint set transaction_id = 'feedface', does not hold"})
    void aCheckpointThatCannotBeUsedRebuildsTheProjectionsAndHealthSaysWhy(String name, String damage, String reason)
            throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        awaitCaughtUp();
        assertThat(projected(caseId)).isPresent();
        long cases = store.caseCount();

        restart(() -> jdbc.sql(damage).update());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status.rebuildReason().map(r -> r.contains(reason)).orElse(false)) {
            assertThat(System.nanoTime()).as("rebuilt within %s; last reason %s", WAIT, status.rebuildReason())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        awaitCaughtUp();
        assertThat(store.caseCount()).as("every case is projected again").isEqualTo(cases);
        assertThat(projected(caseId)).isPresent();
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsKey("rebuiltAt");
        assertThat(String.valueOf(h.getDetails().get("rebuildReason"))).contains(reason);
    }

    private Optional<CaseRow> projected(String caseId) {
        return store.cases(org.alliance.ledger.core.record.CaseAction.Party.ACCEPTING, DemoAlliance.ZHANGZHOU,
                org.alliance.ledger.core.record.CaseState.RECEIVED, null, 100_000).stream()
                .filter(r -> r.caseId().equals(caseId)).findFirst();
    }

    /** Stops the runner, does something to its database while it is stopped, and starts it again. */
    private void restart(Supplier<?> whileStopped) {
        runner.stop();
        try {
            whileStopped.get();
        } finally {
            runner.start();
        }
    }

    /** Waits until the projection holds the ledger's last committed batch. */
    private void awaitCaughtUp() throws InterruptedException {
        long last = -1;
        try (CommittedEvents events = ledger.committedEvents(new Checkpointer() {
            @Override
            public Optional<EventPosition> position() {
                return Optional.empty();
            }

            @Override
            public void save(EventPosition position) {
            }
        })) {
            for (Optional<CommittedBatch> b = events.poll(Duration.ZERO); b.isPresent(); b = events.poll(Duration.ZERO)) {
                last = b.get().blockNumber();
            }
        }
        assertThat(status.awaitBlock(last, WAIT)).as("projected through block %d within %s", last, WAIT).isTrue();
    }
}
