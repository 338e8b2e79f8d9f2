package org.alliance.ledger.core.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.alliance.ledger.core.bundle.EvidenceBundle;
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
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.core.state.Page;

/**
 * A ledger that holds evidence records under the rules of {@link
 * org.alliance.ledger.core.rules.EvidenceRules}: the embedded ledger and the Fabric client both
 * implement it, so the service does not care which one runs.
 *
 * <p>It has a distributed ledger's shape. A write is submitted and answers with a transaction id
 * ({@link #submitAsync}); its commit is read by that id ({@link #status}); committed batches
 * arrive as a stream that resumes from the consumer's checkpoint ({@link #committedEvents}). A
 * failure is typed by its stage: a refusal by the rules is a {@link RuleException} with a stable
 * {@link org.alliance.ledger.core.error.ErrorCode}, and the other stages are the subclasses of
 * {@link LedgerException}. A refused submission changes nothing.
 *
 * <p>The queries mirror those of the rules and have the same meaning and error codes. Every
 * implementation passes the same conformance suite.
 */
public interface EvidenceLedger {

    /**
     * Submits records as one transaction without waiting for it to commit: the rules judge the
     * records (on Fabric, on the endorsing peers), and the transaction goes to ordering. Records
     * already on the ledger with identical content are acknowledged again without being written
     * twice, so submitting again after an unknown outcome is safe.
     *
     * <p>The embedded ledger orders and commits within this call, so its status is final as soon
     * as the call returns; Fabric's commit follows later, and {@link #status} waits for it.
     *
     * @param caller the authenticated caller
     * @param records 1 to the batch limit of signed records
     * @return the transaction id and the receipt it commits with; when every record was already
     *     on the ledger nothing is ordered and the receipt holds at once
     * @throws RuleException if the rules refuse the transaction; nothing was sent for ordering
     * @throws EndorsementException if the transaction could not be endorsed otherwise
     * @throws OrderingException if the ordering service refused it, or it could not be made durable
     * @throws UnknownOutcomeException if the ordering service's answer stayed ambiguous
     */
    Submission submitAsync(Caller caller, List<SignedRecord> records);

    /**
     * A transaction's commit status, waiting for the commit if it is still on its way. The status
     * survives restarts of the ledger and of its clients.
     *
     * @param transactionId a transaction id from {@link #submitAsync}
     * @return the block that holds the transaction and its validation code
     * @throws UnknownOutcomeException if no commit of that transaction is known within the time
     *     allowed, which for an id the ledger never ordered is at once on the embedded ledger
     */
    CommitStatus status(String transactionId);

    /**
     * Submits records as one transaction and waits until it commits.
     *
     * @param caller the authenticated caller
     * @param records 1 to the batch limit of signed records
     * @return where each record is
     * @throws RuleException if the rules refuse the transaction
     * @throws EndorsementException if it could not be endorsed otherwise
     * @throws OrderingException if the ordering service refused it
     * @throws ValidationException if it committed invalid, for example {@code MVCC_READ_CONFLICT}
     * @throws UnknownOutcomeException if its outcome is not known in time
     */
    default BatchReceipt submit(Caller caller, List<SignedRecord> records) {
        Submission s = submitAsync(caller, records);
        if (!s.ordered()) {
            return s.receipt();
        }
        CommitStatus status = status(s.transactionId());
        if (!status.valid()) {
            throw new ValidationException(s.transactionId(), status.validationCode(), status.blockNumber());
        }
        return s.receipt();
    }

    /**
     * The batches committed valid, in ledger order, from the checkpointer's position on; see
     * {@link CommittedEvents} for how a consumer neither misses nor repeats one.
     *
     * @param checkpointer where the consumer keeps its position
     * @return the open stream; close it when done
     * @throws IllegalStateException if the checkpointer's position names a transaction this
     *     ledger does not have in that block
     */
    CommittedEvents committedEvents(Checkpointer checkpointer);

    /**
     * A dry run of {@link #submit}: applies each pending batch in order, then the candidate,
     * through the rules on a transaction that is discarded afterwards. It throws the {@link
     * RuleException} the real submission would throw if the pending batches were committed first,
     * and otherwise returns; it never writes state, emits events or adds blocks. Pending records
     * the ledger already has are identical resubmissions, which the rules accept as no-ops, so a
     * client may pass its whole backlog.
     *
     * @param pending transactions to apply first, oldest first; may be empty
     * @param caller who would submit the candidate
     * @param records the candidate records
     * @throws RuleException if the rules refuse a pending batch or the candidate
     */
    void simulate(List<PendingBatch> pending, Caller caller, List<SignedRecord> records);

    /**
     * A stored record with its batch position.
     *
     * @param recordId the record id
     * @return the record, if it exists
     */
    Optional<StoredRecord> record(String recordId);

    /**
     * A committed batch.
     *
     * @param batchId the batch id
     * @return the batch, if it exists
     */
    Optional<BatchInfo> batch(String batchId);

    /**
     * The hash ({@code ALG:HEX}) of a subject's latest record, which the subject's next record
     * must name as its {@code prev}.
     *
     * @param subject the subject, as {@link org.alliance.ledger.core.record.EvidenceRecord#subject()}
     * @return the latest hash, or empty if the subject has no records
     */
    Optional<String> subjectHead(String subject);

    /**
     * An agreement with every version and its signatures.
     *
     * @param agreementId the agreement
     * @return the agreement
     * @throws RuleException UNKNOWN_AGREEMENT
     */
    AgreementView agreement(String agreementId);

    /**
     * The signed records of an agreement's versions up to the one in force: each version's proposal
     * followed by its signatures, as a trust bundle carries them. A version still awaiting
     * signatures is left out.
     *
     * @param agreementId the agreement
     * @return the records, oldest version first
     * @throws RuleException UNKNOWN_AGREEMENT, or AGREEMENT_NOT_ACTIVE if no version is in force
     */
    default List<SignedRecord> agreementRecords(String agreementId) {
        AgreementView view = agreement(agreementId);
        int active = view.active().orElseThrow(() -> new RuleException(ErrorCode.AGREEMENT_NOT_ACTIVE,
                "agreement " + agreementId + " has no version in force")).version();
        List<String> ids = new ArrayList<>();
        view.versions().stream().filter(v -> v.version() <= active).forEach(v -> {
            ids.add(v.proposalRecordId());
            v.signatures().forEach(s -> ids.add(s.recordId()));
        });
        return ids.stream().map(id -> record(id).map(StoredRecord::signedRecord).orElseThrow(() ->
                new IllegalStateException("agreement record " + id + " is missing from the ledger"))).toList();
    }

    /**
     * A case's steps with their durations, the deadline and whether it is overdue.
     *
     * @param caseId the case
     * @param asOf the time to judge an open case against
     * @return the timeline
     * @throws RuleException UNKNOWN_CASE
     */
    CaseTimeline caseTimeline(String caseId, Instant asOf);

    /**
     * A certificate's status and history.
     *
     * @param certificateId the certificate
     * @return the certificate
     * @throws RuleException UNKNOWN_CERTIFICATE
     */
    CertificateView certificate(String certificateId);

    /**
     * Records of one org in a time range, in time order.
     *
     * @param mspId the org
     * @param from earliest record time, inclusive, or null
     * @param to latest record time, exclusive, or null
     * @param pageSize 1 to 1000
     * @param bookmark the previous page's bookmark, or empty
     * @return one page; continue while its bookmark is non-empty
     */
    Page<RecordRef> recordsByOrg(String mspId, Instant from, Instant to, int pageSize, String bookmark);

    /**
     * Records about one item in a time range, in time order.
     *
     * @param itemCode the item
     * @param from earliest record time, inclusive, or null
     * @param to latest record time, exclusive, or null
     * @param pageSize 1 to 1000
     * @param bookmark the previous page's bookmark, or empty
     * @return one page; continue while its bookmark is non-empty
     */
    Page<RecordRef> recordsByItem(String itemCode, Instant from, Instant to, int pageSize, String bookmark);

    /**
     * All records in a time range, in time order.
     *
     * @param from earliest record time, inclusive, or null
     * @param to latest record time, exclusive, or null
     * @param pageSize 1 to 1000
     * @param bookmark the previous page's bookmark, or empty
     * @return one page; continue while its bookmark is non-empty
     */
    Page<RecordRef> recordsByTime(Instant from, Instant to, int pageSize, String bookmark);

    /**
     * Recognitions of an approval (by case id) or a certificate.
     *
     * @param targetId the case or certificate id
     * @param pageSize 1 to 1000
     * @param bookmark the previous page's bookmark, or empty
     * @return one page; continue while its bookmark is non-empty
     */
    Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark);

    /**
     * A record's Merkle inclusion proof in its batch.
     *
     * @param recordId the record
     * @return the proof
     * @throws RuleException UNKNOWN_RECORD
     */
    InclusionProof inclusionProof(String recordId);

    /**
     * An evidence bundle for a record: the record, its proof, its batch root and the ledger
     * anchor of that root, verifiable offline with {@link
     * org.alliance.ledger.core.bundle.BundleVerifier}.
     *
     * @param recordId the record
     * @return the bundle
     * @throws RuleException UNKNOWN_RECORD
     */
    EvidenceBundle bundle(String recordId);
}
