package org.alliance.ledger.service.agreements;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.service.web.SerialWrites;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Proposes, amends and signs agreements for this service's org. Each record is built from the
 * request and the agreement as the ledger shows it plus this service's records still in the outbox,
 * and judged by the agreement rule in a dry run before it is acknowledged ({@link EvidenceWrites}):
 * the proposer is a member and not an auditor org, its keys are P-256 or SM2, one proposal at a
 * time at the version in force plus one, a signatory signs the pending version once. The core
 * types refuse a malformed catalogue or member list while the record is built. A refusal writes
 * nothing.
 *
 * <p>Every member signs, the proposer included: a proposal is a text put forward, a signature is
 * an endorsement of exactly that text (the proposal's record hash), so the two are separate evidence.records().
 */
@Service
public class AgreementService {
    /**
     * Agreement ids this API accepts: no {@code /}, because record ids of an agreement are
     * {@code agreementId/...} and a prefix must name exactly one agreement; short enough that
     * {@code agreementId/vN/sign/ORG-xxxxxxxx} stays within the record id limit.
     */
    private static final Pattern AGREEMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private final AgreementLedger agreements;
    private final String org;
    private final EvidenceWrites evidence;
    private final SerialWrites lane = new SerialWrites();

    /**
     * Creates the service.
     *
     * @param agreements the agreement reader
     * @param evidence the write path: outbox, record factory, clock, idempotency, this org
     */
    public AgreementService(AgreementLedger agreements, EvidenceWrites evidence) {
        this.agreements = agreements;
        this.evidence = evidence;
        this.org = evidence.org();
    }

    /**
     * Proposes version 1 of a new agreement.
     *
     * @param request the agreement
     * @return the agreement
     */
    public AgreementDetails propose(AgreementRequest request) {
        String id = agreementId(request.agreementId());
        // Version 1 with no prev: for an id that already exists the rules refuse it (VERSION_CONFLICT).
        return write(id, () -> proposal(id, 1, null, request));
    }

    /**
     * Proposes the next version of an agreement in force.
     *
     * @param agreementId the agreement
     * @param request the amended agreement
     * @return the agreement
     */
    public AgreementDetails amend(String agreementId, AgreementRequest request) {
        return write(agreementId, () -> {
                    AgreementState state = state(agreementId);
                    // The version proposed is the one after the version the amendment is based on,
                    // so the rules refuse a stale amendment, or one while another awaits signatures,
                    // with VERSION_CONFLICT.
                    int base = request.basedOnVersion() != null ? request.basedOnVersion() : state.activeVersion();
                    return proposal(agreementId, base + 1, state.head(), request);
                });
    }

    /**
     * Signs a pending version as this org: the endorsement of that version's proposal hash.
     *
     * @param agreementId the agreement
     * @param version the version
     * @return the agreement
     */
    public AgreementDetails sign(String agreementId, int version) {
        return write(agreementId, () -> {
                    AgreementState state = state(agreementId);
                    // The signature endorses the proposal's hash, so the version must exist; whether
                    // it awaits signatures, from this org, is the rules' decision.
                    AgreementVersionView proposal = state.version(version).orElseThrow(() -> new RuleException(
                            ErrorCode.VERSION_CONFLICT, "version " + version + " of agreement " + agreementId
                                    + " is not awaiting signatures"));
                    return evidence.records().create(agreementId + "/v" + version + "/sign/" + org + "-" + suffix(),
                            evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS), state.head(),
                            new AgreementBody(AgreementAction.SIGN, agreementId, version, null, proposal.contentHash()));
                });
    }

    /**
     * The version in force and the proposals awaiting signatures.
     *
     * @param agreementId the agreement
     * @return the view
     * @throws RuleException UNKNOWN_AGREEMENT
     */
    public AgreementDetails view(String agreementId) {
        AgreementState state = agreements.view(agreementId).orElseThrow(() -> unknown(agreementId));
        return new AgreementDetails(agreementId, state.activeVersion(), state.active().map(this::version).orElse(null),
                state.versions().stream().filter(v -> v.status() == AgreementVersionView.Status.PROPOSED)
                        .map(this::version).toList());
    }

    /** Every agreement write is an admin's and answers with the agreement as it now stands. */
    private AgreementDetails write(String agreementId, Supplier<SignedRecord> check) {
        return evidence.write(lane, Role.ADMIN, check, record -> view(agreementId));
    }

    private SignedRecord proposal(String agreementId, int version, String prev, AgreementRequest request) {
        AgreementTerms terms = terms(request);
        return evidence.records().create(agreementId + "/v" + version + "/propose-" + suffix(),
                evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS), prev,
                new AgreementBody(AgreementAction.PROPOSE, agreementId, version, terms, null));
    }

    /** The request as agreement terms; the core types refuse a bad catalogue with the rules' codes. */
    static AgreementTerms terms(AgreementRequest r) {
        List<Member> members = each("members", r.members(), m -> new Member(m.mspId(), m.regionName(), m.regionCode(),
                role(m.role()), Fields.list("signingKeys", m.signingKeys(), 1)));
        List<CatalogueItem> items = each("items", r.items(), i -> new CatalogueItem(i.code(), i.title(), i.homeRule(),
                Fields.required("timeLimitDays", i.timeLimitDays()), i.materials()));
        return new AgreementTerms(members, items, r.holidays() == null ? List.of() : r.holidays(), r.textHash());
    }

    private static <A, B> List<B> each(String field, List<A> in, Function<A, B> convert) {
        return Fields.list(field, in, 1).stream().map(convert).toList();
    }

    private static MemberRole role(String role) {
        try {
            return MemberRole.valueOf(Fields.required("role", role));
        } catch (IllegalArgumentException e) {
            throw Fields.malformed("role must be REGION or AUDITOR, not " + role);
        }
    }

    private AgreementState state(String agreementId) {
        return agreements.find(agreementId).orElseThrow(() -> unknown(agreementId));
    }

    private static RuleException unknown(String agreementId) {
        return new RuleException(ErrorCode.UNKNOWN_AGREEMENT, "agreement " + agreementId + " does not exist");
    }

    private AgreementDetails.Version version(AgreementVersionView v) {
        List<AgreementDetails.Signature> signatures = v.signatures().stream().map(s -> new AgreementDetails.Signature(
                s.org(), s.recordId(), s.time(), evidence.tracker().progress(s.recordId()).orElse(null))).toList();
        List<String> awaiting = v.signatories().stream().filter(o -> !v.signedBy(o)).toList();
        return new AgreementDetails.Version(v.version(), v.status(), v.terms(), v.proposer(), v.proposalRecordId(),
                v.contentHash(), v.signatories(), signatures, awaiting, v.proposedAt(), v.activatedAt(),
                evidence.tracker().progress(v.proposalRecordId()).orElse(null));
    }

    private static String agreementId(String id) {
        if (!AGREEMENT_ID.matcher(SerialWrites.required("agreementId", id)).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "agreementId must be 1 to 40 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit", Map.of("field", "agreementId"));
        }
        return id;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
