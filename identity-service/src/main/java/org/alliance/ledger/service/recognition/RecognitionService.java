package org.alliance.ledger.service.recognition;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.rules.CaseStatus;
import org.alliance.ledger.core.rules.CertificateState;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.security.Actor;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.service.web.ReasonNotes;
import org.alliance.ledger.service.web.SerialWrites;
import org.springframework.stereotype.Service;

/**
 * Records recognitions. The target (another member's approval or certificate) is read from the
 * ledger for the item it is about and the agreement its case is under. The recognition rule judges
 * the record in a dry run before it is acknowledged ({@link EvidenceWrites}), with its codes: the
 * agreement is in force and covers the item, both orgs are members, nobody recognises its own
 * result, and only a live result (approved or issued case, valid certificate) can be recognised; a
 * refusal with a reason is always possible. Its writer follows it to the ledger with {@link #view}.
 */
@Service
public class RecognitionService {
    private final EvidenceLedger ledger;
    private final EvidenceWrites evidence;
    private final SerialWrites lane = new SerialWrites();
    private final ReasonNotes notes;

    /**
     * Creates the service.
     *
     * @param ledger the ledger
     * @param evidence the write path: outbox, record status, record factory, clock, idempotency
     * @param notes keeps a reason's note off the ledger
     */
    public RecognitionService(EvidenceLedger ledger, EvidenceWrites evidence, ReasonNotes notes) {
        this.ledger = ledger;
        this.evidence = evidence;
        this.notes = notes;
    }

    /**
     * What a recognition says.
     *
     * @param targetType APPROVAL (target = case id) or CERTIFICATE
     * @param targetId the case or certificate
     * @param decision RECOGNISED or REFUSED
     * @param reason why, a code of the fixed list (ledger-core's {@code ReasonCode}); required for a refusal
     * @param agreementId the agreement relied on; by default the one the target's case is handled under
     * @param note what the person wants to add in words, optional; kept off the ledger for the
     *     retention period, while the record carries its hash
     */
@Schema(description = "互认或拒绝另一成员的批准或证照 / recognise or refuse another member's approval or certificate", example = """
        {"targetType": "CERTIFICATE", "targetId": "SIT01-350600-2026-000001", "decision": "RECOGNISED"}
        """)
    public record RecognitionRequest(@NotNull TargetType targetType, @NotBlank String targetId,
            @NotNull RecognitionDecision decision, String reason, String agreementId, String note) {
    }

    /** What the record needs from its target: the item it is about and the agreement its case is under. */
    private record Target(String itemCode, String agreementId) {
    }

    /**
     * Records a recognition.
     *
     * @param request the recognition
     * @return the recognition and its ledger status
     */
    public Recognition recognise(RecognitionRequest request) {
        Actor actor = Actor.current();
        // The rules let an approver or a clerk recognise; the record names the stronger role held.
        Role role = actor.has(Role.APPROVER) ? Role.APPROVER : Role.CLERK;
        return evidence.write(lane, role, () -> record(request),
                record -> Recognition.of(record, evidence.tracker().progress(record.record().id()).orElseThrow()));
    }

    /**
     * A recognition with its current ledger status. This service's own recognitions are read from
     * its outbox (PENDING, SUBMITTED, COMMITTED with the transaction, or FAILED with the rule's
     * reason); any other member's from the ledger once committed there, so a recognition another
     * region's instance wrote reads the same from every instance.
     *
     * @param recognitionId the recognition's record id
     * @return the same as the answer to its write, with the ledger status now
     * @throws RuleException UNKNOWN_RECORD when neither the outbox nor the ledger holds a
     *     recognition with that id
     */
    public Recognition view(String recognitionId) {
        SignedRecord record = evidence.outbox().find(recognitionId).map(OutboxEntry::signedRecord)
                .or(() -> ledger.record(recognitionId).map(StoredRecord::signedRecord))
                // Another kind of record under that id (an attestation, an agreement) is not a recognition.
                .filter(r -> r.record().body() instanceof RecognitionBody)
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_RECORD,
                        "no recognition " + recognitionId + " in this service's outbox or on the ledger"));
        return Recognition.of(record, evidence.tracker().progress(recognitionId).orElseThrow());
    }

    private SignedRecord record(RecognitionRequest r) {
        Target t = target(r.targetType(), r.targetId());
        String agreementId = Objects.requireNonNullElse(r.agreementId(), t.agreementId());
        String id = "rec-" + UUID.randomUUID();
        String noteHash = notes.noteHash(id, r.reason(), r.note(), evidence.records().signatureAlgorithm().hash());
        RecognitionBody body = new RecognitionBody(r.targetType(), r.targetId(), agreementId, t.itemCode(), r.decision(),
                r.reason(), noteHash);
        return evidence.records().create(id, evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS), null, body);
    }

    private Target target(TargetType type, String id) {
        return switch (type) {
            case APPROVAL -> {
                CaseStatus c = ledger.caseTimeline(id, evidence.clock().instant()).status();
                yield new Target(c.itemCode(), c.agreementId());
            }
            case CERTIFICATE -> {
                CertificateState s = ledger.certificate(id).state();
                CaseStatus c = ledger.caseTimeline(s.caseId(), evidence.clock().instant()).status();
                yield new Target(s.itemCode(), c.agreementId());
            }
        };
    }
}
