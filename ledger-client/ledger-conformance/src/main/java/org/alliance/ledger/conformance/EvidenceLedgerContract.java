package org.alliance.ledger.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.FileCheckpointer;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.UnknownOutcomeException;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordSignature;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.state.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract of {@link EvidenceLedger}, which every implementation runs against itself.
 *
 * <p>A subclass supplies a way to open an instance of the ledger under test (each on the same
 * ledger: the same data directory, or the same network) and the alliance whose agreement is
 * active on it; the suite restarts the ledger by closing one instance and opening the next. The
 * tests write only ids of their own, so they also run on a ledger that keeps the history of
 * earlier runs, such as a Fabric network.
 */
public abstract class EvidenceLedgerContract {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceLedgerContract.class);
    private static final String ZZ = DemoAlliance.ZHANGZHOU;
    private static final String CZ = DemoAlliance.CHAOZHOU;
    private static final String AUDIT = DemoAlliance.AUDIT;

    private EvidenceLedger current;

    /**
     * Opens a new instance of the ledger under test, as Zhangzhou's service uses it: on the same
     * ledger as every earlier instance of the test (the same data directory, or the same network).
     * The suite closes each instance it opened (when it is {@link AutoCloseable}) before opening
     * the next, and after each test.
     *
     * @return the instance
     */
    protected abstract EvidenceLedger open();

    /**
     * The ledger under test; opened on first use.
     *
     * @return the current instance
     */
    protected final EvidenceLedger ledger() {
        if (current == null) {
            current = open();
        }
        return current;
    }

    /**
     * Closes the current instance and opens a new one on the same ledger.
     *
     * @return the new instance, which {@link #ledger()} returns from now on
     */
    protected final EvidenceLedger restart() {
        closeLedger();
        return ledger();
    }

    /** Closes the current instance, if one is open. */
    @AfterEach
    protected final void closeLedger() {
        EvidenceLedger closing = current;
        current = null;
        if (closing instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the ledger under test", e);
            }
        }
    }

    /**
     * The alliance whose agreement is active on the ledger.
     *
     * @return the fixture
     */
    protected abstract AllianceFixture alliance();

    /**
     * The ledger under test with a short wait for commit statuses, to ask for one that never
     * comes; the embedded ledger answers at once anyway.
     *
     * @return the ledger
     */
    protected EvidenceLedger impatient() {
        return ledger();
    }

    /**
     * How long a committed batch may take to arrive on an event stream.
     *
     * @return the wait
     */
    protected Duration eventWait() {
        return Duration.ofSeconds(30);
    }

    // ---- writes ---------------------------------------------------------------------------

    @Test
    void submitAsyncAnswersWithATransactionIdWhoseCommitStatusIsValid() {
        SignedRecord att = attestation(alliance().id("att"));
        Submission s = ledger().submitAsync(service(), List.of(att));
        assertThat(s.ordered()).isTrue();
        assertThat(s.transactionId()).isNotBlank();
        assertThat(s.receipt().batchId()).isEqualTo(s.transactionId());
        CommitStatus status = ledger().status(s.transactionId());
        assertThat(status.valid()).as(status.validationCode()).isTrue();
        assertThat(status.transactionId()).isEqualTo(s.transactionId());
        assertThat(ledger().record(att.record().id())).hasValueSatisfying(
                r -> assertThat(r.batchId()).isEqualTo(s.transactionId()));
    }

    @Test
    void aRecordIdIsWrittenOnceAndAnIdenticalResubmissionIsAcknowledgedWithItsFirstPlace() {
        SignedRecord att = attestation(alliance().id("att"));
        BatchReceipt first = ledger().submit(service(), List.of(att));
        assertThat(first.records()).singleElement().satisfies(e -> assertThat(e.duplicate()).isFalse());

        Submission again = ledger().submitAsync(service(), List.of(att));
        assertThat(again.ordered()).as("an identical resubmission orders nothing").isFalse();
        assertThat(again.receipt().wroteNothing()).isTrue();
        assertThat(again.receipt().records()).singleElement().satisfies(e -> {
            assertThat(e.duplicate()).isTrue();
            assertThat(e.batchId()).isEqualTo(first.batchId());
            assertThat(e.leafIndex()).isEqualTo(first.records().get(0).leafIndex());
        });
        assertThat(ledger().submit(service(), List.of(att)).records().get(0).batchId()).isEqualTo(first.batchId());

        // The same id with other content is a conflict, not a new version.
        SignedRecord other = alliance().signer(ZZ).create(att.record().id(), alliance().nextTime(), null,
                attestationBody(0.5));
        refused(ErrorCode.DUPLICATE_RECORD, () -> ledger().submit(service(), List.of(other)));
        assertThat(ledger().record(att.record().id()).orElseThrow().hash()).isEqualTo(first.records().get(0).hash());
    }

    @Test
    void refusalsCarryTheRulesCodeAndChangeNothing() {
        Flow flow = new Flow();
        ledger().submit(service(), List.of(flow.attestation));
        ledger().submit(clerk(), List.of(flow.receive));
        ledger().submit(clerk(), List.of(flow.forward));

        // The accepting region may not decide a case whose home is another region.
        SignedRecord approveHere = flow.after(flow.forward, flow.caseId + "/approve-zz", ZZ, CaseAction.APPROVE,
                CaseState.FORWARDED, Role.APPROVER);
        refused(ErrorCode.WRONG_ORG, () -> ledger().submit(AllianceFixture.caller(ZZ, Role.APPROVER),
                List.of(approveHere)));
        // A role that may not take the step.
        SignedRecord approveAsClerk = flow.after(flow.forward, flow.caseId + "/approve-clerk", CZ, CaseAction.APPROVE,
                CaseState.FORWARDED, Role.CLERK);
        refused(ErrorCode.WRONG_ROLE, () -> ledger().submit(AllianceFixture.caller(CZ, Role.CLERK),
                List.of(approveAsClerk)));
        // The auditor reads and never writes.
        SignedRecord byAuditor = alliance().signer(AUDIT).create(alliance().id("att-audit"), alliance().nextTime(), null,
                attestationBody(0.9));
        refused(ErrorCode.READ_ONLY, () -> ledger().submit(AllianceFixture.caller(AUDIT, Role.AUDITOR),
                List.of(byAuditor)));
        // A record whose signature does not match its content.
        SignedRecord forged = forge(attestation(alliance().id("att-forged")));
        refused(ErrorCode.BAD_SIGNATURE, () -> ledger().submit(service(), List.of(forged)));
        // A step that does not follow the case's state.
        SignedRecord forwardAgain = flow.after(flow.forward, flow.caseId + "/forward-again", ZZ, CaseAction.FORWARD,
                CaseState.RECEIVED, Role.CLERK);
        refused(ErrorCode.WRONG_STATE, () -> ledger().submit(clerk(), List.of(forwardAgain)));

        for (SignedRecord r : List.of(approveHere, approveAsClerk, byAuditor, forged, forwardAgain)) {
            assertThat(ledger().record(r.record().id())).as(r.record().id()).isEmpty();
        }
        assertThat(ledger().caseTimeline(flow.caseId, alliance().nextTime()).status().state())
                .isEqualTo(CaseState.FORWARDED);
    }

    @Test
    void aTimeWindowReturnsTheRecordsWithinItInTimeOrder() {
        List<SignedRecord> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SignedRecord r = attestation(alliance().id("att-window"));
            ledger().submit(service(), List.of(r));
            written.add(r);
        }
        java.time.Instant from = java.time.Instant.parse(written.get(1).record().time());
        java.time.Instant to = java.time.Instant.parse(written.get(3).record().time());
        Set<String> ours = new java.util.HashSet<>(written.stream().map(r -> r.record().id()).toList());
        List<String> seen = new ArrayList<>();
        String bookmark = "";
        do {
            Page<RecordRef> page = ledger().recordsByOrg(ZZ, from, to, 2, bookmark);
            page.items().stream().map(RecordRef::id).filter(ours::contains).forEach(seen::add);
            bookmark = page.bookmark();
        } while (!bookmark.isEmpty());
        assertThat(seen).containsExactly(written.get(1).record().id(), written.get(2).record().id());
    }

    // ---- status ---------------------------------------------------------------------------

    @Test
    void theCommitStatusOfATransactionSurvivesARestart() {
        SignedRecord att = attestation(alliance().id("att"));
        Submission s = ledger().submitAsync(service(), List.of(att));
        CommitStatus before = ledger().status(s.transactionId());

        EvidenceLedger reopened = restart();
        CommitStatus after = reopened.status(s.transactionId());
        assertThat(after).isEqualTo(before);
        assertThat(after.valid()).isTrue();
        assertThat(reopened.record(att.record().id())).isPresent();
    }

    @Test
    void aTransactionIdTheLedgerNeverCommittedHasAnUnknownOutcome() {
        String never = Hex.encode(HashAlgorithm.SHA256.digest(alliance().id("never").getBytes()));
        assertThatThrownBy(() -> impatient().status(never)).isInstanceOfSatisfying(UnknownOutcomeException.class,
                e -> assertThat(e.transactionId()).isEqualTo(never));
    }

    // ---- events ---------------------------------------------------------------------------

    @Test
    void anEventStreamResumesAtEveryPositionWithoutMissingOrRepeatingABatch() throws InterruptedException {
        List<String> ours = writeAttestations(5);
        List<CommittedBatch> all = readUntil(Optional.empty(), ours.get(ours.size() - 1));
        int first = indexOf(all, ours.get(0));
        List<String> tail = ids(all.subList(first, all.size()));
        assertThat(tail).containsSubsequence(ours);

        resumesEverywhere(all, first, ours.get(ours.size() - 1), "");
        restart();
        resumesEverywhere(all, first, ours.get(ours.size() - 1), "after a restart, ");
    }

    private void resumesEverywhere(List<CommittedBatch> all, int first, String last, String label)
            throws InterruptedException {
        for (int k = first; k < all.size(); k++) {
            Optional<EventPosition> at = k == 0 ? Optional.empty() : Optional.of(all.get(k - 1).position());
            assertThat(ids(readUntil(at, last))).as("%sresumed after position %d", label, k)
                    .isEqualTo(ids(all.subList(k, all.size())));
        }
    }

    @Test
    void aConsumerRestartedAtRandomPointsSeesEveryBatchOnceInLedgerOrder(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path file = dir.resolve("events.checkpoint");
        // Start after the ledger's current end, so the test handles only its own batches and those
        // written meanwhile.
        List<String> baseline = writeAttestations(1);
        List<CommittedBatch> history = readUntil(Optional.empty(), baseline.get(0));
        FileCheckpointer.open(file).save(history.get(history.size() - 1).position());

        List<String> written = new ArrayList<>();
        List<String> handled = new ArrayList<>();
        int restarts = 0;
        int dropped = 0;
        for (int round = 0; round < 12; round++) {
            written.addAll(writeAttestations(random.nextInt(3)));
            if (random.nextInt(4) == 0) {
                restart();
                restarts++;
            }
            try (CommittedEvents events = ledger().committedEvents(FileCheckpointer.open(file))) {
                int quota = 1 + random.nextInt(3);
                for (int i = 0; i < quota; i++) {
                    Optional<CommittedBatch> b = events.poll(Duration.ofMillis(500));
                    if (b.isEmpty()) {
                        break;
                    }
                    if (random.nextInt(5) == 0) {
                        // Received, not handled: it must come again.
                        dropped++;
                        break;
                    }
                    handled.add(b.get().transactionId());
                    events.checkpoint(b.get());
                }
            }
        }
        // Drain what is left.
        String last = written.isEmpty() ? baseline.get(0) : written.get(written.size() - 1);
        if (!written.isEmpty() && !handled.contains(last)) {
            try (CommittedEvents events = ledger().committedEvents(FileCheckpointer.open(file))) {
                long deadline = System.nanoTime() + eventWait().toNanos();
                while (!handled.contains(last)) {
                    assertThat(System.nanoTime()).as("drained within %s (seed %d)", eventWait(), seed).isLessThan(deadline);
                    events.poll(Duration.ofSeconds(1)).ifPresent(b -> {
                        handled.add(b.transactionId());
                        events.checkpoint(b);
                    });
                }
            }
        }
        List<CommittedBatch> reference = readUntil(Optional.of(history.get(history.size() - 1).position()), last);
        List<String> expected = last.equals(baseline.get(0)) ? List.of() : ids(reference);
        assertThat(handled).as("seed %d, %d restarts, %d dropped", seed, restarts, dropped)
                .doesNotHaveDuplicates().isEqualTo(expected);
        assertThat(handled).containsAll(written);
        LOG.info("conformance: {} batches handled over {} ledger restarts, {} dropped before checkpoint (seed {})",
                handled.size(), restarts, dropped, seed);
    }

    @Test
    void aCheckpointNamingATransactionTheLedgerDoesNotHoldIsRefused() {
        String never = Hex.encode(HashAlgorithm.SHA256.digest(alliance().id("never").getBytes()));
        Checkpointer bogus = new MemoryCheckpointer(Optional.of(new EventPosition(0, never)));
        assertThatThrownBy(() -> {
            try (CommittedEvents events = ledger().committedEvents(bogus)) {
                events.poll(eventWait()).ifPresent(b -> {
                    throw new AssertionError("a stream from a foreign position delivered " + b.transactionId());
                });
            }
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCorruptCheckpointFileIsRefusedNotGuessed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.checkpoint");
        Files.writeString(file, "{\"blockNumber\":");
        assertThatThrownBy(() -> FileCheckpointer.open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt");
    }

    // ---- dry runs -------------------------------------------------------------------------

    @Test
    void aDryRunAgreesWithTheSubmitAtEveryStepOfAFlow() {
        Flow flow = new Flow();
        record Step(Caller caller, SignedRecord record) {
        }
        List<Step> valid = List.of(new Step(service(), flow.attestation), new Step(clerk(), flow.receive),
                new Step(clerk(), flow.forward));
        // Before each valid step, a candidate the rules refuse there, and the code they give.
        List<Step> invalid = List.of(
                new Step(AllianceFixture.caller(ZZ, Role.APPROVER), flow.attestation),
                new Step(clerk(), flow.after(flow.attestation, flow.caseId + "/forward-early", ZZ, CaseAction.FORWARD,
                        CaseState.RECEIVED, Role.CLERK)),
                new Step(AllianceFixture.caller(ZZ, Role.APPROVER), flow.after(flow.receive, flow.caseId + "/approve-early",
                        ZZ, CaseAction.APPROVE, CaseState.FORWARDED, Role.APPROVER)));

        // Dry runs over pending batches that are not on the ledger yet.
        List<PendingBatch> pending = new ArrayList<>();
        List<Optional<ErrorCode>> simulated = new ArrayList<>();
        for (int k = 0; k < valid.size(); k++) {
            Step ok = valid.get(k);
            ledger().simulate(pending, ok.caller(), List.of(ok.record()));
            Step bad = invalid.get(k);
            simulated.add(outcome(() -> ledger().simulate(List.copyOf(pending), bad.caller(), List.of(bad.record()))));
            pending.add(new PendingBatch(ok.caller(), List.of(ok.record())));
        }
        assertThat(simulated).allSatisfy(code -> assertThat(code).isPresent());

        // The real submissions, step by step, refuse and accept the same.
        for (int k = 0; k < valid.size(); k++) {
            Step bad = invalid.get(k);
            assertThat(outcome(() -> ledger().submit(bad.caller(), List.of(bad.record()))))
                    .as("step %d: the submit refuses as the dry run did", k).isEqualTo(simulated.get(k));
            Step ok = valid.get(k);
            ledger().submit(ok.caller(), List.of(ok.record()));
            // A dry run with the whole backlog, now on the ledger, is still a no-op for it.
            ledger().simulate(pending.subList(0, k + 1), ok.caller(), List.of(ok.record()));
        }
        // Nothing of the dry runs was written.
        for (Step bad : invalid.subList(1, invalid.size())) {
            assertThat(ledger().record(bad.record().record().id())).isEmpty();
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /** An identity check, a case it supports and the case's forward, as Zhangzhou's records. */
    private final class Flow {
        final String caseId = alliance().id("case");
        final SignedRecord attestation = attestation(alliance().id("att"));
        final SignedRecord receive = alliance().signer(ZZ).create(caseId, alliance().nextTime(), null,
                new CaseBody(caseId, alliance().agreementId(), DemoAlliance.PENSION_TRANSFER, ZZ, CZ,
                        alliance().subjectRef(), attestation.record().id(), List.of(doc("transfer-application")), false));
        final SignedRecord forward = after(receive, caseId + "/forward", ZZ, CaseAction.FORWARD, CaseState.RECEIVED,
                Role.CLERK);

        SignedRecord after(SignedRecord previous, String id, String org, CaseAction action, CaseState from, Role role) {
            return alliance().signer(org).createAfter(id, alliance().nextTime(), previous,
                    new CaseStepBody(caseId, action, from, action.to(), role, List.of()));
        }
    }

    private List<String> writeAttestations(int n) {
        List<String> txIds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            txIds.add(ledger().submit(service(), List.of(attestation(alliance().id("att-ev")))).batchId());
        }
        return txIds;
    }

    /** Every batch from a position up to and including the transaction {@code last}. */
    private List<CommittedBatch> readUntil(Optional<EventPosition> from, String last) throws InterruptedException {
        List<CommittedBatch> out = new ArrayList<>();
        try (CommittedEvents events = ledger().committedEvents(new MemoryCheckpointer(from))) {
            while (out.isEmpty() || !out.get(out.size() - 1).transactionId().equals(last)) {
                CommittedBatch b = events.poll(eventWait()).orElseThrow(() -> new AssertionError(
                        "the stream stalled after " + out.size() + " batches, before " + last));
                out.add(b);
            }
        }
        return out;
    }

    private static int indexOf(List<CommittedBatch> batches, String txId) {
        return ids(batches).indexOf(txId);
    }

    private static List<String> ids(List<CommittedBatch> batches) {
        return batches.stream().map(CommittedBatch::transactionId).toList();
    }

    private SignedRecord attestation(String id) {
        return alliance().signer(ZZ).create(id, alliance().nextTime(), null, attestationBody(0.87));
    }

    private IdentityAttestationBody attestationBody(double similarity) {
        return new IdentityAttestationBody(alliance().subjectRef(), AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, 0.95),
                similarity, new IdentityAttestationBody.FaceModel("arcface-r100", "2.1", "cd".repeat(32)),
                0.62, 0.0001, similarity >= 0.62 ? AttestationDecision.ACCEPTED : AttestationDecision.REJECTED,
                similarity >= 0.62 ? List.of() : List.of("FACE_MISMATCH"), "kiosk-zz-0007");
    }

    private static DocumentHash doc(String label) {
        return new DocumentHash(label, HashAlgorithm.SM3.id(), Hex.encode(HashAlgorithm.SM3.digest(label.getBytes())));
    }

    /** The record with the signature another org's key made over its own record. */
    private SignedRecord forge(SignedRecord r) {
        SignedRecord other = alliance().signer(CZ).create(r.record().id(), alliance().nextTime(), null,
                attestationBody(0.87));
        return new SignedRecord(r.record(), new RecordSignature(r.signature().alg(), r.signature().publicKey(),
                other.signature().value()));
    }

    private static Caller service() {
        return AllianceFixture.caller(ZZ, Role.SERVICE);
    }

    private static Caller clerk() {
        return AllianceFixture.caller(ZZ, Role.CLERK);
    }

    private static Optional<ErrorCode> outcome(Runnable call) {
        try {
            call.run();
            return Optional.empty();
        } catch (RuleException e) {
            return Optional.of(e.code());
        }
    }

    private static void refused(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RuleException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    /** A checkpointer that keeps its position in memory, for streams read once. */
    private static final class MemoryCheckpointer implements Checkpointer {
        private volatile Optional<EventPosition> position;

        MemoryCheckpointer(Optional<EventPosition> position) {
            this.position = position;
        }

        @Override
        public Optional<EventPosition> position() {
            return position;
        }

        @Override
        public void save(EventPosition next) {
            position = Optional.of(next);
        }
    }
}
