package org.alliance.ledger.service.testkit;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchInfo;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.core.state.Page;

/**
 * A ledger that fails on demand around a real one: before submitting (the ledger was unreachable)
 * or after (the ledger committed but the reply was lost, the crash window of the outbox).
 */
public final class FlakyLedger implements EvidenceLedger {
    /** What the next submissions do. */
    public enum Mode {
        /** Pass through. */
        NORMAL,
        /** Throw without submitting. */
        FAIL_BEFORE,
        /** Submit, then throw as if the reply was lost. */
        FAIL_AFTER
    }

    private final EvidenceLedger delegate;
    private volatile Mode mode = Mode.NORMAL;
    private final AtomicInteger submissions = new AtomicInteger();
    private volatile List<String> lastDryRunBacklog = List.of();

    /**
     * Wraps a ledger.
     *
     * @param delegate the real ledger
     */
    public FlakyLedger(EvidenceLedger delegate) {
        this.delegate = delegate;
    }

    /**
     * Sets the failure mode.
     *
     * @param next the mode
     */
    public void mode(Mode next) {
        this.mode = next;
    }

    /**
     * How many times submit was called.
     *
     * @return the count
     */
    public int submissions() {
        return submissions.get();
    }

    @Override
    public BatchReceipt submit(Caller caller, List<SignedRecord> records) {
        return failing(() -> delegate.submit(caller, records));
    }

    @Override
    public Submission submitAsync(Caller caller, List<SignedRecord> records) {
        return failing(() -> delegate.submitAsync(caller, records));
    }

    private <T> T failing(Supplier<T> submission) {
        submissions.incrementAndGet();
        if (mode == Mode.FAIL_BEFORE) {
            throw new IllegalStateException("ledger unreachable (test)");
        }
        T result = submission.get();
        if (mode == Mode.FAIL_AFTER) {
            throw new IllegalStateException("reply lost after commit (test)");
        }
        return result;
    }

    @Override
    public CommitStatus status(String transactionId) {
        return delegate.status(transactionId);
    }

    @Override
    public CommittedEvents committedEvents(Checkpointer checkpointer) {
        return delegate.committedEvents(checkpointer);
    }

    /**
     * The record ids of the pending batches the last dry run was given, in order.
     *
     * @return the ids
     */
    public List<String> lastDryRunBacklog() {
        return lastDryRunBacklog;
    }

    /**
     * Dry runs pass straight through, the pending records noted: the failure modes are about
     * submissions reaching the ledger.
     */
    @Override
    public void simulate(List<PendingBatch> pending, Caller caller, List<SignedRecord> records) {
        lastDryRunBacklog = pending.stream().flatMap(b -> b.records().stream()).map(r -> r.record().id()).toList();
        delegate.simulate(pending, caller, records);
    }

    @Override
    public Optional<StoredRecord> record(String recordId) {
        return delegate.record(recordId);
    }

    @Override
    public Optional<BatchInfo> batch(String batchId) {
        return delegate.batch(batchId);
    }

    @Override
    public Optional<String> subjectHead(String subject) {
        return delegate.subjectHead(subject);
    }

    @Override
    public AgreementView agreement(String agreementId) {
        return delegate.agreement(agreementId);
    }

    @Override
    public CaseTimeline caseTimeline(String caseId, Instant asOf) {
        return delegate.caseTimeline(caseId, asOf);
    }

    @Override
    public CertificateView certificate(String certificateId) {
        return delegate.certificate(certificateId);
    }

    @Override
    public Page<RecordRef> recordsByOrg(String mspId, Instant from, Instant to, int pageSize, String bookmark) {
        return delegate.recordsByOrg(mspId, from, to, pageSize, bookmark);
    }

    @Override
    public Page<RecordRef> recordsByItem(String itemCode, Instant from, Instant to, int pageSize, String bookmark) {
        return delegate.recordsByItem(itemCode, from, to, pageSize, bookmark);
    }

    @Override
    public Page<RecordRef> recordsByTime(Instant from, Instant to, int pageSize, String bookmark) {
        return delegate.recordsByTime(from, to, pageSize, bookmark);
    }

    @Override
    public Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark) {
        return delegate.recognitions(targetId, pageSize, bookmark);
    }

    @Override
    public InclusionProof inclusionProof(String recordId) {
        return delegate.inclusionProof(recordId);
    }

    @Override
    public EvidenceBundle bundle(String recordId) {
        return delegate.bundle(recordId);
    }
}
