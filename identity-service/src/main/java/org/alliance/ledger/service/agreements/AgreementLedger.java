package org.alliance.ledger.service.agreements;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.core.rules.AgreementVersionView.Status;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.alliance.ledger.service.projection.SubjectViews;
import org.springframework.stereotype.Component;

/**
 * Reads an agreement for building the next agreement record (version, chain head, proposal hash)
 * and for the API's view: the ledger's view, then this service's own agreement records still in
 * the outbox. Without the second part an admin could not sign a proposal the worker has not
 * submitted yet.
 *
 * <p>Record ids of an agreement all start with {@code agreementId/}:
 * {@code agreementId/vN/propose-xxxxxxxx} and {@code agreementId/vN/sign/ORG-xxxxxxxx}.
 */
@Component
public class AgreementLedger {
    private final EvidenceLedger ledger;
    private final SubjectViews subjects;
    private final RecordTracker tracker;

    /**
     * Creates the reader.
     *
     * @param ledger the ledger
     * @param tracker this service's records on their way to the ledger
     * @param subjects the projected agreement views, for reading
     */
    public AgreementLedger(EvidenceLedger ledger, RecordTracker tracker, SubjectViews subjects) {
        this.ledger = ledger;
        this.tracker = tracker;
        this.subjects = subjects;
    }

    /**
     * The subject of an agreement's record chain.
     *
     * @param agreementId the agreement
     * @return the subject, as the ledger names it
     */
    public static String subject(String agreementId) {
        return RecordType.AGREEMENT.subjectKind() + "/" + agreementId;
    }

    /**
     * The agreement as the next write sees it.
     *
     * @param agreementId the agreement
     * @return the state, or empty if neither the ledger nor the outbox knows the agreement
     */
    public Optional<AgreementState> find(String agreementId) {
        return combine(agreementId, onLedger(agreementId));
    }

    /**
     * The agreement as a reader sees it: the read model's view (or the ledger's, while this
     * service holds a write of it the read model has not passed), with this service's records
     * still in the outbox on top.
     *
     * @param agreementId the agreement
     * @return the state, or empty if neither the ledger nor the outbox knows the agreement
     */
    public Optional<AgreementState> view(String agreementId) {
        return combine(agreementId, subjects.agreement(agreementId));
    }

    private Optional<AgreementState> combine(String agreementId, Optional<AgreementView> onLedger) {
        TreeMap<Integer, AgreementVersionView> versions = new TreeMap<>();
        int active = 0;
        List<OutboxEntry> unsettled = tracker.unsettled(agreementId + "/");
        Set<String> held = new HashSet<>();
        if (onLedger.isPresent()) {
            onLedger.get().versions().forEach(v -> {
                versions.put(v.version(), v);
                held.add(v.proposalRecordId());
                v.signatures().forEach(sig -> held.add(sig.recordId()));
            });
            active = onLedger.get().activeVersion();
        }
        // Another member's signature may land after the view was read; its hash is then the head,
        // which is what the rules want the next record to follow.
        String head = ledger.subjectHead(subject(agreementId)).orElse(null);
        for (SignedRecord r : RecordTracker.onTop(unsettled, held)) {
            if (!(r.record().body() instanceof AgreementBody b)) {
                continue;
            }
            head = RecordCodec.taggedHash(r.record());
            if (b.action() == AgreementAction.PROPOSE) {
                TreeSet<String> signatories = new TreeSet<>();
                b.terms().members().forEach(m -> signatories.add(m.mspId()));
                Optional.ofNullable(versions.get(active))
                        .ifPresent(a -> a.terms().members().stream().map(Member::mspId).forEach(signatories::add));
                versions.put(b.agreementVersion(), new AgreementVersionView(agreementId, b.agreementVersion(),
                        Status.PROPOSED, b.terms(), r.record().id(), head, r.record().org(), List.copyOf(signatories),
                        List.of(), r.record().time(), null));
            } else if (versions.containsKey(b.agreementVersion())) {
                AgreementVersionView p = versions.get(b.agreementVersion());
                List<AgreementVersionView.Signature> signatures = new ArrayList<>(p.signatures());
                signatures.add(new AgreementVersionView.Signature(r.record().org(), r.record().id(), r.record().time()));
                boolean complete = signatures.size() == p.signatories().size();
                versions.put(p.version(), with(p, complete ? Status.ACTIVE : Status.PROPOSED, signatures,
                        complete ? r.record().time() : null));
                if (complete) {
                    Optional.ofNullable(versions.get(active)).ifPresent(old ->
                            versions.put(old.version(), with(old, Status.SUPERSEDED, old.signatures(), old.activatedAt())));
                    active = p.version();
                }
            }
        }
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AgreementState(agreementId, active, List.copyOf(versions.values()), head));
    }

    private Optional<AgreementView> onLedger(String agreementId) {
        try {
            return Optional.of(ledger.agreement(agreementId));
        } catch (RuleException e) {
            if (e.code() == ErrorCode.UNKNOWN_AGREEMENT) {
                return Optional.empty();
            }
            throw e;
        }
    }


    private static AgreementVersionView with(AgreementVersionView v, Status status,
            List<AgreementVersionView.Signature> signatures, String activatedAt) {
        return new AgreementVersionView(v.agreementId(), v.version(), status, v.terms(), v.proposalRecordId(),
                v.contentHash(), v.proposer(), v.signatories(), signatures, v.proposedAt(), activatedAt);
    }
}
