package org.alliance.ledger.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.testkit.FlakyLedger;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The outbox worker against the real embedded ledger: commit, final refusal, retry with backoff,
 * and the crash window between submitting and marking (the ledger committed, the worker never
 * learned it) that must neither lose nor duplicate a record.
 */
class OutboxWorkerTest extends ServiceTestBase {
    @Autowired
    private FlakyLedger flaky;
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger real;
    @Autowired
    private RecordFactory factory;
    @Autowired
    private AllianceProperties alliance;
    @Autowired
    private javax.sql.DataSource dataSource;
    @Autowired
    private org.springframework.transaction.support.TransactionTemplate tx;

    @AfterEach
    void heal() {
        flaky.mode(FlakyLedger.Mode.NORMAL);
    }

    @Test
    void pendingRecordIsCommittedWithItsLedgerLocation() {
        SignedRecord record = attestation(factory);
        outbox.add(record);
        assertThat(status(record)).isEqualTo(OutboxStatus.PENDING);
        worker.drain();
        OutboxEntry entry = outbox.find(record.record().id()).orElseThrow();
        assertThat(entry.status()).isEqualTo(OutboxStatus.COMMITTED);
        assertThat(entry.attempts()).isEqualTo(1);
        var stored = real.record(record.record().id()).orElseThrow();
        assertThat(entry.batchId()).isEqualTo(stored.batchId());
        assertThat(entry.txId()).isEqualTo(stored.txId());
    }

    @Test
    void ruleRefusalIsFinalAndDoesNotFailTheRestOfTheBatch() {
        RecordFactory stranger = new RecordFactory(factory.org(), HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
        SignedRecord bad = attestation(stranger);
        SignedRecord good = attestation(factory);
        outbox.add(bad);
        outbox.add(good);
        worker.drain();
        OutboxEntry failed = outbox.find(bad.record().id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
        assertThat(failed.lastError()).startsWith("UNKNOWN_SIGNING_KEY");
        assertThat(status(good)).isEqualTo(OutboxStatus.COMMITTED);
        assertThat(real.record(bad.record().id())).isEmpty();

        int submissions = flaky.submissions();
        clock.advance(Duration.ofHours(1));
        worker.drain();
        assertThat(flaky.submissions()).as("a refused record is never retried").isEqualTo(submissions);
    }

    @Test
    void transientFailureIsRetriedAfterBackoff() {
        SignedRecord record = attestation(factory);
        outbox.add(record);
        flaky.mode(FlakyLedger.Mode.FAIL_BEFORE);
        worker.drain();
        OutboxEntry entry = outbox.find(record.record().id()).orElseThrow();
        assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.lastError()).contains("ledger unreachable");

        flaky.mode(FlakyLedger.Mode.NORMAL);
        int submissions = flaky.submissions();
        worker.drain();
        assertThat(flaky.submissions()).as("not before the backoff has passed").isEqualTo(submissions);
        clock.advance(Duration.ofSeconds(3));
        worker.drain();
        entry = outbox.find(record.record().id()).orElseThrow();
        assertThat(entry.status()).isEqualTo(OutboxStatus.COMMITTED);
        assertThat(entry.attempts()).isEqualTo(2);
        assertThat(entry.lastError()).isNull();
    }

    @Test
    void lostReplyAfterCommitNeitherLosesNorDuplicates() {
        EmbeddedLedger ledger = (EmbeddedLedger) real;
        worker.drain();
        // The ledger commits but the reply is lost: the worker must assume nothing happened.
        flaky.mode(FlakyLedger.Mode.FAIL_AFTER);
        SignedRecord second = attestation(factory);
        outbox.add(second);
        worker.drain();
        assertThat(status(second)).isEqualTo(OutboxStatus.PENDING);
        var committed = real.record(second.record().id()).orElseThrow();
        int height = ledger.height();

        flaky.mode(FlakyLedger.Mode.NORMAL);
        clock.advance(Duration.ofSeconds(3));
        worker.drain();
        OutboxEntry entry = outbox.find(second.record().id()).orElseThrow();
        assertThat(entry.status()).isEqualTo(OutboxStatus.COMMITTED);
        assertThat(entry.batchId()).as("the original location").isEqualTo(committed.batchId());
        assertThat(ledger.height()).as("no second block for the same record").isEqualTo(height);
    }

    @Test
    void entryOfACrashedWorkerIsTakenAgainAfterTheClaimTimeout() {
        EmbeddedLedger ledger = (EmbeddedLedger) real;
        worker.drain();
        SignedRecord record = attestation(factory);
        outbox.add(record);
        List<OutboxEntry> claimed = worker.claim(50);
        assertThat(claimed).extracting(OutboxEntry::recordId).contains(record.record().id());
        // The worker submitted and died before marking anything.
        real.submit(new Caller(factory.org(), Role.SERVICE, "crashed-worker"), List.of(record));
        int height = ledger.height();
        assertThat(status(record)).isEqualTo(OutboxStatus.SUBMITTED);

        worker.drain();
        assertThat(status(record)).as("a fresh claim is left alone").isEqualTo(OutboxStatus.SUBMITTED);
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        worker.drain();
        assertThat(status(record)).isEqualTo(OutboxStatus.COMMITTED);
        assertThat(ledger.height()).isEqualTo(height);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertThat(worker.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(worker.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(worker.backoff(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(worker.backoff(50)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRunHasUpToInFlightTransactionsOfUpToABatchEachAndLeavesTheRestForTheNextRun() {
        OutboxWorker twoByTwo = new OutboxWorker(outbox, jdbc, dataSource, tx, flaky, clock,
                new OutboxProperties(false, Duration.ofSeconds(1), 2, 2, Duration.ZERO, Duration.ofSeconds(2),
                        Duration.ofMinutes(5), Duration.ofMinutes(2), "identity-service"),
                alliance);
        List<SignedRecord> records = java.util.stream.IntStream.range(0, 5).mapToObj(i -> attestation(factory)).toList();
        records.forEach(outbox::add);
        int before = flaky.submissions();

        assertThat(twoByTwo.runOnce()).isEqualTo(4);
        assertThat(flaky.submissions() - before).as("two transactions").isEqualTo(2);
        assertThat(records.stream().map(this::status)).containsExactly(OutboxStatus.COMMITTED, OutboxStatus.COMMITTED,
                OutboxStatus.COMMITTED, OutboxStatus.COMMITTED, OutboxStatus.PENDING);
        List<String> batches = records.subList(0, 4).stream()
                .map(r -> outbox.find(r.record().id()).orElseThrow().batchId()).toList();
        assertThat(batches.get(0)).isEqualTo(batches.get(1)).isNotEqualTo(batches.get(2));
        assertThat(batches.get(2)).isEqualTo(batches.get(3));

        assertThat(twoByTwo.runOnce()).isEqualTo(1);
        assertThat(status(records.get(4))).isEqualTo(OutboxStatus.COMMITTED);
    }

    @Test
    void outOfRangeSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new OutboxProperties(true, Duration.ofSeconds(1), RecordCodec.MAX_BATCH_RECORDS + 1, 8,
                Duration.ZERO, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(2), "s"))
                .hasMessageContaining("alliance.outbox.batch-size");
        assertThatThrownBy(() -> new OutboxProperties(true, Duration.ofSeconds(1), 10, 0,
                Duration.ZERO, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(2), "s"))
                .hasMessageContaining("alliance.outbox.in-flight");
        assertThatThrownBy(() -> new OutboxProperties(true, Duration.ofSeconds(1), 10, 8,
                Duration.ofSeconds(-1), Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(2), "s"))
                .hasMessageContaining("alliance.outbox.batch-wait");
    }

    private OutboxStatus status(SignedRecord record) {
        return outbox.find(record.record().id()).orElseThrow().status();
    }

    private SignedRecord attestation(RecordFactory by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return by.create("att-" + UUID.randomUUID(), now, null, new IdentityAttestationBody("ab".repeat(32),
                AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, 0.9), 0.8,
                new IdentityAttestationBody.FaceModel("fake-embed", "1", "cd".repeat(32)), 0.5, 1e-4,
                AttestationDecision.ACCEPTED, List.of(), "outbox-test"));
    }
}
