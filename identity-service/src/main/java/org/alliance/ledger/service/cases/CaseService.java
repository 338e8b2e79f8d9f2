package org.alliance.ledger.service.cases;

import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.rules.RulesConfig;
import org.springframework.http.HttpStatus;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.site.Site;
import org.alliance.ledger.service.identity.idcard.IdCardRejectedException;
import org.alliance.ledger.service.identity.check.IdentityCheckService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.ledger.AgreementLookup;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.service.web.ReasonNotes;
import org.alliance.ledger.service.web.SerialWrites;
import org.springframework.stereotype.Service;

/**
 * Receives cases and takes their steps. Each record is built from the request and the case as the
 * ledger shows it plus this service's records still in the outbox, and judged by the rules in a
 * dry run before it is acknowledged ({@link EvidenceWrites}): wrong region, out of order, unknown
 * item or agreement are refused synchronously with the rules' codes, and nothing is written.
 *
 * <p>The ledger decides again when the worker submits. A step that loses a race with another
 * region's step on the ledger fails there and shows FAILED with the rule's code in the case's view.
 */
@Service
public class CaseService {
    private final EvidenceLedger ledger;
    private final CaseLedger cases;
    private final String org;
    private final EvidenceWrites evidence;
    private final SerialWrites lane = new SerialWrites();
    private final ReasonNotes notes;
    private final IdentityCheckService identity;
    private final Site site;

    /**
     * Creates the service.
     *
     * @param ledger the ledger
     * @param cases the case view
     * @param evidence the write path: outbox, record factory, clock, idempotency, this org
     * @param notes keeps a step comment's words off the ledger
     * @param identity derives an applicant's subject reference from the ID number a clerk types
     * @param site the windows a result may be issued at
     */
    public CaseService(EvidenceLedger ledger, CaseLedger cases, EvidenceWrites evidence, ReasonNotes notes,
            IdentityCheckService identity, Site site) {
        this.identity = identity;
        this.site = site;
        this.notes = notes;
        this.ledger = ledger;
        this.cases = cases;
        this.evidence = evidence;
        this.org = evidence.org();
    }

    /**
     * Receives a case at this region.
     *
     * @param request the filing
     * @return the case
     */
    public CaseView receive(ReceiveRequest request) {
        return evidence.write(lane, CaseAction.RECEIVE.role(), () -> receiveRecord(request),
                record -> view(((CaseBody) record.record().body()).caseId()));
    }

    /**
     * Takes a step of a case.
     *
     * @param caseId the case
     * @param action the transition
     * @param request attachments and window
     * @return the case
     */
    public CaseView step(String caseId, CaseAction action, StepRequest request) {
        return evidence.write(lane, action.role(), () -> stepRecord(caseId, action, request), record -> view(caseId));
    }

    /**
     * A case with its steps and their ledger status.
     *
     * @param caseId the case
     * @return the view
     * @throws org.alliance.ledger.service.problem.ApiException 404 UNKNOWN_CASE
     */
    public CaseView view(String caseId) {
        CaseLedger.CaseRead read = cases.read(caseId);
        CaseSnapshot snapshot = read.snapshot(evidence.tracker()).orElseThrow(() -> unknownCase(caseId));
        Map<String, OutboxEntry> ours = new HashMap<>();
        read.entries().forEach(e -> ours.put(e.recordId(), e));
        List<CaseView.Step> steps = new ArrayList<>();
        String deadline = null;
        Boolean overdue = null;
        Integer workingDaysLeft = null;
        if (read.timeline().isPresent()) {
            CaseTimeline timeline = read.timeline().get();
            deadline = timeline.status().deadline();
            overdue = timeline.overdue();
            workingDaysLeft = AgreementLookup.workingDaysLeft(ledger, snapshot.agreementId(), deadline,
                    timeline.status().completedAt(), Instant.parse(timeline.asOf()));
            for (CaseStepView s : timeline.steps()) {
                steps.add(new CaseView.Step(s.seq(), s.recordId(), s.action(), s.from(), s.to(), s.actorOrg(), s.actorRole(),
                        s.time(), s.durationSeconds(), evidence.tracker().onLedger(s.recordId(), ours.get(s.recordId()))));
            }
        }
        Set<String> onLedger = read.onLedger();
        for (OutboxEntry e : read.entries()) {
            if (onLedger.contains(e.recordId())) {
                continue;
            }
            SignedRecord r = e.signedRecord();
            if (r.record().body() instanceof CaseStepBody b) {
                steps.add(new CaseView.Step(null, e.recordId(), b.action(), b.from(), b.to(), r.record().org(),
                        b.actorRole(), r.record().time(), null, RecordTracker.of(e)));
            } else {
                steps.add(new CaseView.Step(null, e.recordId(), CaseAction.RECEIVE, null,
                        CaseAction.RECEIVE.to(), r.record().org(), CaseAction.RECEIVE.role(), r.record().time(), null,
                        RecordTracker.of(e)));
            }
        }
        return new CaseView(caseId, snapshot.agreementId(), snapshot.itemCode(), snapshot.acceptingOrg(),
                snapshot.homeOrg(), snapshot.state(), deadline, overdue, workingDaysLeft, steps);
    }

    /**
     * The receipt record. Everything in it comes from the request; whether the agreement is in
     * force, covers the item, has both orgs as members with a region at home, and whether the
     * attestation is an accepted one about this subject is the rules' decision in the dry run.
     */
    private SignedRecord receiveRecord(ReceiveRequest r) {
        String subjectRef = r.subjectRef();
        if (r.idNumber() != null) {
            if (subjectRef != null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "give the applicant's ID number or "
                        + "subject reference, not both", Map.of("field", "subjectRef"));
            }
            subjectRef = subjectOf(r.idNumber());
            if (r.attestationId() != null && !attestation(r.attestationId()).subjectRef().equals(subjectRef)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ATTESTATION_OF_ANOTHER_PERSON", "identity "
                        + "check " + r.attestationId() + " is of another person than the ID card shown",
                        Map.of("field", "attestationId"));
            }
        }
        if (subjectRef == null && r.attestationId() != null) {
            // The applicant's reference is taken from the identity check when the clerk links one.
            subjectRef = attestation(r.attestationId()).subjectRef();
        }
        String caseId = "case-" + UUID.randomUUID();
        CaseBody body = new CaseBody(caseId, r.agreementId(), r.itemCode(), org, r.homeOrg(),
                SerialWrites.required("subjectRef", subjectRef), r.attestationId(), hashes(r.materials()), r.assisted());
        return evidence.records().create(caseId + "/receive", now(null), null, body);
    }

    /**
     * A step record: from the case's current state (the ledger's plus this service's backlog), to
     * the state the action leads to. Whether this org owns the step (and, against the ledger's own
     * state, whether it may follow) is the rules' decision in the dry run.
     */
    private SignedRecord stepRecord(String caseId, CaseAction action, StepRequest request) {
        CaseSnapshot c = cases.find(caseId).orElseThrow(() -> unknownCase(caseId));
        // A step record names the transition it takes, and CaseStepBody admits only transitions of
        // the state machine, so an action that cannot leave the current state has no record to
        // judge; it is refused with the code the rules give a step out of order.
        if (!action.leaves(c.state())) {
            throw new RuleException(ErrorCode.WRONG_STATE, "case " + caseId + " is " + c.state() + "; "
                    + action + " cannot follow");
        }
        List<DocumentHash> attachments = new ArrayList<>(hashes(request.attachments()));
        if (request.window() != null) {
            if (action != CaseAction.ISSUE) {
                throw new RuleException(ErrorCode.MALFORMED_INPUT, "a window is chosen only when issuing");
            }
            attachments.add(windowHash(site.window(request.window())));
        }
        String id = caseId + "/step-" + c.stepCount() + "-" + UUID.randomUUID().toString().substring(0, 8);
        if (request.reason() != null || request.note() != null) {
            attachments.add(notes.stepNote(id, request.reason(), request.note(),
                    evidence.records().signatureAlgorithm().hash()));
        }
        CaseStepBody body = new CaseStepBody(caseId, action, c.state(), action.to(), action.role(), attachments);
        return evidence.records().create(id, now(c.lastStepTime()), c.head(), body);
    }

    /** The issuing window as a document hash: its code is the label, so the record says where. */
    private DocumentHash windowHash(String window) {
        HashAlgorithm alg = evidence.records().signatureAlgorithm().hash();
        return new DocumentHash(DocumentHash.WINDOW_PREFIX + window, alg.id(),
                Hex.encode(alg.digest(window.getBytes(StandardCharsets.UTF_8))));
    }

    private String subjectOf(String idNumber) {
        try {
            return identity.subjectReference(idNumber);
        } catch (IdCardRejectedException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.reason().name(), e.getMessage(), Map.of("field", "idNumber"));
        }
    }

    /**
     * A linked identity check, as the clerk's filing can use it: it exists (on the ledger or still
     * in this service's outbox), was accepted, and is recent enough. The rules decide the same in
     * the dry run; answering here first gives the clerk a reason that names the check.
     */
    private IdentityAttestationBody attestation(String id) {
        Optional<SignedRecord> record = ledger.record(id).map(s -> s.signedRecord())
                .or(() -> evidence.outbox().find(id).map(OutboxEntry::signedRecord));
        SignedRecord found = record.filter(r -> r.record().body() instanceof IdentityAttestationBody)
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_RECORD, "identity attestation " + id
                        + " does not exist"));
        IdentityAttestationBody body = (IdentityAttestationBody) found.record().body();
        if (body.decision() != AttestationDecision.ACCEPTED) {
            throw new ApiException(HttpStatus.CONFLICT, "ATTESTATION_REJECTED", "identity check " + id
                    + " did not accept the applicant (" + String.join(", ", body.reasons()) + ")",
                    Map.of("field", "attestationId"));
        }
        Instant expires = found.record().instant().plus(RulesConfig.ATTESTATION_VALIDITY);
        if (evidence.clock().instant().isAfter(expires)) {
            throw new ApiException(HttpStatus.CONFLICT, "ATTESTATION_EXPIRED", "identity check " + id
                    + " expired at " + expires + "; check the applicant's identity again", Map.of("field", "attestationId"));
        }
        return body;
    }


    /** Now, to the second, but never before the case's previous step (the rules refuse that). */
    private Instant now(String notBefore) {
        Instant now = evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        if (notBefore != null && now.isBefore(Instant.parse(notBefore))) {
            return Instant.parse(notBefore);
        }
        return now;
    }

    private static List<DocumentHash> hashes(List<ReceiveRequest.MaterialHash> in) {
        return in.stream().map(m -> new DocumentHash(m.label(), m.alg(), m.hash())).toList();
    }


    private static RuleException unknownCase(String caseId) {
        return new RuleException(ErrorCode.UNKNOWN_CASE, "case " + caseId + " does not exist");
    }

}
