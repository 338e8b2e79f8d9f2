package org.alliance.ledger.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.ReasonCode;

/**
 * Cases: the receipt ({@code CASE}) and every step ({@code CASE_STEP}) of the state machine in
 * {@link CaseAction}. Each transition is allowed only to the org and role that own it; the rules
 * compute the deadline and each step's duration, so no writer can claim them. Document labels
 * come from the agreement, never from the writer: a material must be one of the item's catalogue
 * materials, a note names a {@link ReasonCode}, and only an issue names its window
 * ({@link DocumentHash}).
 */
final class CaseRule {
    private static final Duration ATTESTATION_VALIDITY = RulesConfig.ATTESTATION_VALIDITY;

    private CaseRule() {
    }

    static String receive(RecordContext c, CaseBody b) {
        c.requireRole(CaseAction.RECEIVE.role());
        c.requireOrg(b.acceptingOrg(), "receiving a case for accepting org " + b.acceptingOrg());
        if (!c.registry().itemKnown(b.itemCode())) {
            throw new RuleException(ErrorCode.UNKNOWN_ITEM, "item " + b.itemCode() + " is in no active agreement");
        }
        AgreementVersionView agreement = c.registry().active(b.agreementId());
        CatalogueItem item = Registry.item(agreement, b.itemCode());
        requireLabels(b.materialHashes(), item, false, false);
        Registry.member(agreement, b.acceptingOrg());
        Member home = Registry.member(agreement, b.homeOrg());
        if (home.role() != MemberRole.REGION) {
            throw new RuleException(ErrorCode.WRONG_ORG, "home org " + b.homeOrg() + " is not a region");
        }
        if (c.tx().read(StateKeys.caseKey(b.caseId()), CaseStatus.class).isPresent()) {
            throw new RuleException(ErrorCode.DUPLICATE_RECORD, "case " + b.caseId() + " was already received");
        }
        if (b.attestationId() != null) {
            requireAcceptedAttestation(c, b);
        }
        Set<LocalDate> holidays = new HashSet<>(c.config().holidays());
        agreement.terms().holidays().forEach(h -> holidays.add(LocalDate.parse(h)));
        WorkingDayCalendar calendar = new WorkingDayCalendar(c.config().zone(), holidays, c.config().extraWorkingDays());
        Instant deadline = calendar.deadline(c.record().instant(), item.timeLimitDays());
        String time = c.record().time();
        CaseStatus status = new CaseStatus(b.caseId(), b.agreementId(), agreement.version(), b.itemCode(),
                b.acceptingOrg(), b.homeOrg(), b.subjectRef(), b.attestationId(), b.assisted(), CaseState.RECEIVED,
                item.timeLimitDays(), time, deadline.toString(), null, false, 1, time);
        c.tx().writeOwned(StateKeys.caseKey(b.caseId()), status, b.acceptingOrg());
        c.tx().writeOwned(StateKeys.step(b.caseId(), 0), new CaseStepView(0, c.record().id(), CaseAction.RECEIVE,
                null, CaseState.RECEIVED, c.org(), c.caller().role(), time, 0, b.materialHashes()), b.acceptingOrg());
        return b.itemCode();
    }

    private static void requireAcceptedAttestation(RecordContext c, CaseBody b) {
        EvidenceRecord attestation = c.tx().read(StateKeys.record(b.attestationId()), StoredRecord.class)
                .map(s -> s.signedRecord().record())
                .filter(r -> r.body() instanceof IdentityAttestationBody)
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_RECORD,
                        "identity attestation " + b.attestationId() + " does not exist"));
        IdentityAttestationBody body = (IdentityAttestationBody) attestation.body();
        Instant checked = Instant.parse(attestation.time());
        Instant received = Instant.parse(c.record().time());
        if (received.isAfter(checked.plus(ATTESTATION_VALIDITY))) {
            throw new RuleException(ErrorCode.WRONG_STATE, "identity attestation " + b.attestationId() + " expired at "
                    + checked.plus(ATTESTATION_VALIDITY) + ": an identity check supports an application for "
                    + ATTESTATION_VALIDITY.toHours() + " hours; check the applicant's identity again");
        }
        // Another org's kiosk may run a clock a little ahead: the allowed skew, no more.
        if (received.isBefore(checked.minus(c.config().maxClockSkew()))) {
            throw new RuleException(ErrorCode.BAD_TIME, "case " + b.caseId() + " is received before its identity "
                    + "attestation " + b.attestationId() + " was made");
        }
        if (body.decision() != AttestationDecision.ACCEPTED) {
            throw new RuleException(ErrorCode.WRONG_STATE, "identity attestation " + b.attestationId() + " was rejected");
        }
        if (!body.subjectRef().equals(b.subjectRef())) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT,
                    "identity attestation " + b.attestationId() + " is about a different subject");
        }
    }

    static String step(RecordContext c, CaseStepBody b) {
        CaseStatus status = c.caseStatus(b.caseId());
        CaseAction action = b.action();
        if (!action.leaves(status.state()) || b.from() != status.state()) {
            throw new RuleException(ErrorCode.WRONG_STATE, "case " + b.caseId() + " is " + status.state()
                    + "; " + action + " needs " + b.from());
        }
        String owner = status.orgOf(action.owner());
        c.requireOrg(owner, action + " of case " + b.caseId());
        c.requireRole(action.role());
        if (b.actorRole() != c.caller().role()) {
            throw new RuleException(ErrorCode.WRONG_ROLE, "the record names actor role " + b.actorRole()
                    + " but the caller is " + c.caller().role());
        }
        CatalogueItem item = c.registry().version(status.agreementId(), status.agreementVersion())
                .map(v -> Registry.item(v, status.itemCode()))
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_AGREEMENT, "agreement " + status.agreementId()
                        + " version " + status.agreementVersion() + " of case " + b.caseId() + " does not exist"));
        requireLabels(b.attachments(), item, true, action == CaseAction.ISSUE);
        Instant last = Instant.parse(status.lastStepTime());
        Instant now = c.record().instant();
        if (now.isBefore(last)) {
            throw new RuleException(ErrorCode.BAD_TIME, "step time is before the previous step of case " + b.caseId());
        }
        c.tx().writeOwned(StateKeys.step(b.caseId(), status.stepCount()), new CaseStepView(status.stepCount(),
                c.record().id(), action, b.from(), b.to(), c.org(), c.caller().role(), c.record().time(),
                Duration.between(last, now).toSeconds(), b.attachments()), owner);
        c.tx().writeOwned(StateKeys.caseKey(b.caseId()), status.after(b.to(), c.record().time()), status.acceptingOrg());
        return status.itemCode();
    }

    /**
     * Refuses a document label that is not a material of the item's catalogue entry (nor, where
     * allowed, a note with a reason code or the issuing window).
     */
    private static void requireLabels(List<DocumentHash> documents, CatalogueItem item, boolean notes,
            boolean window) {
        List<String> materials = item.materialCodes();
        for (DocumentHash d : documents) {
            String label = d.label();
            boolean ok = materials.contains(label)
                    || notes && label.startsWith(DocumentHash.NOTE_PREFIX)
                            && ReasonCode.isCode(label.substring(DocumentHash.NOTE_PREFIX.length()))
                    || window && label.startsWith(DocumentHash.WINDOW_PREFIX)
                            && label.length() > DocumentHash.WINDOW_PREFIX.length();
            if (!ok) {
                // The label is not echoed: one that is not from the catalogue is free text.
                throw new RuleException(ErrorCode.UNKNOWN_MATERIAL, "a document label is not a material of item "
                        + item.code() + " " + materials + (notes ? ", nor note:<reason code>" : "")
                        + (window ? ", nor issue-window:<window>" : ""));
            }
        }
    }
}
