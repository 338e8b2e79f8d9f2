package org.alliance.ledger.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.AgreementVersionView.Status;
import org.alliance.ledger.core.rules.Registry.AgreementHead;

/**
 * Agreements: a listed region's admin proposes version {@code v} (1, or the active version plus
 * one); every signatory's admin signs it; the last signature makes it active. Signatories are
 * all members of the proposed version plus all members of the version it replaces, so an
 * amendment needs the endorsement of everyone who signed the current one.
 */
final class AgreementRule {
    private AgreementRule() {
    }

    static String apply(RecordContext c, AgreementBody b) {
        c.requireRole(Role.ADMIN);
        switch (b.action()) {
            case PROPOSE -> propose(c, b);
            case SIGN -> sign(c, b);
            default -> throw new IllegalStateException("unhandled action " + b.action());
        }
        return null;
    }

    private static void propose(RecordContext c, AgreementBody b) {
        Member self = b.terms().member(c.org()).orElseThrow(() -> new RuleException(ErrorCode.NOT_A_MEMBER,
                "the proposer " + c.org() + " is not a member of the proposed agreement"));
        if (self.role() == MemberRole.AUDITOR) {
            throw new RuleException(ErrorCode.READ_ONLY, "an auditor org signs agreements but does not propose them");
        }
        for (Member m : b.terms().members()) {
            for (String key : m.signingKeys()) {
                try {
                    Keys.algorithmOf(Keys.publicKeyFromDer(Fields.base64("signingKeys[]", key, ErrorCode.BAD_SIGNATURE)));
                } catch (CryptoException e) {
                    throw new RuleException(ErrorCode.BAD_SIGNATURE,
                            "signing key of " + m.mspId() + " is not a P-256 or SM2 public key", e);
                }
            }
        }
        SigningKeys.require(c, self.signingKeys());
        Optional<AgreementHead> head = c.registry().head(b.agreementId());
        if (head.isPresent() && head.get().latestVersion() > head.get().activeVersion()) {
            throw new RuleException(ErrorCode.VERSION_CONFLICT, "version " + head.get().latestVersion()
                    + " of agreement " + b.agreementId() + " is still awaiting signatures");
        }
        int expected = head.map(h -> h.activeVersion() + 1).orElse(1);
        if (b.agreementVersion() != expected) {
            throw new RuleException(ErrorCode.VERSION_CONFLICT, "agreement " + b.agreementId()
                    + " can only be proposed at version " + expected + ", not " + b.agreementVersion());
        }
        TreeSet<String> signatories = new TreeSet<>();
        b.terms().members().forEach(m -> signatories.add(m.mspId()));
        head.filter(h -> h.activeVersion() > 0)
                .flatMap(h -> c.registry().version(b.agreementId(), h.activeVersion()))
                .ifPresent(active -> active.terms().members().forEach(m -> signatories.add(m.mspId())));
        AgreementVersionView proposal = new AgreementVersionView(b.agreementId(), b.agreementVersion(),
                Status.PROPOSED, b.terms(), c.record().id(), RecordCodec.taggedHash(c.record()), c.org(),
                List.copyOf(signatories), List.of(), c.record().time(), null);
        c.tx().write(StateKeys.agreementVersion(b.agreementId(), b.agreementVersion()), proposal);
        c.tx().write(StateKeys.agreement(b.agreementId()), new AgreementHead(b.agreementId(),
                head.map(AgreementHead::activeVersion).orElse(0), b.agreementVersion()));
    }

    private static void sign(RecordContext c, AgreementBody b) {
        AgreementHead head = c.registry().head(b.agreementId()).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_AGREEMENT, "agreement " + b.agreementId() + " does not exist"));
        if (head.latestVersion() == head.activeVersion() || b.agreementVersion() != head.latestVersion()) {
            throw new RuleException(ErrorCode.VERSION_CONFLICT, "version " + b.agreementVersion() + " of agreement "
                    + b.agreementId() + " is not awaiting signatures");
        }
        AgreementVersionView pending = c.registry().version(b.agreementId(), b.agreementVersion()).orElseThrow();
        if (!pending.signatories().contains(c.org())) {
            throw new RuleException(ErrorCode.NOT_A_MEMBER, c.org() + " is not a signatory of agreement "
                    + b.agreementId() + " version " + b.agreementVersion());
        }
        SigningKeys.require(c, pending.terms().member(c.org()).map(Member::signingKeys).orElse(List.of()));
        if (!pending.contentHash().equals(b.contentHash())) {
            throw new RuleException(ErrorCode.BAD_HASH, "contentHash does not match the proposal of version "
                    + b.agreementVersion());
        }
        if (pending.signedBy(c.org())) {
            throw new RuleException(ErrorCode.WRONG_STATE, c.org() + " has already signed version " + b.agreementVersion());
        }
        List<AgreementVersionView.Signature> signatures = new ArrayList<>(pending.signatures());
        signatures.add(new AgreementVersionView.Signature(c.org(), c.record().id(), c.record().time()));
        boolean complete = signatures.size() == pending.signatories().size();
        AgreementVersionView next = new AgreementVersionView(pending.agreementId(), pending.version(),
                complete ? Status.ACTIVE : Status.PROPOSED, pending.terms(), pending.proposalRecordId(),
                pending.contentHash(), pending.proposer(), pending.signatories(), signatures, pending.proposedAt(),
                complete ? c.record().time() : null);
        c.tx().write(StateKeys.agreementVersion(b.agreementId(), b.agreementVersion()), next);
        if (complete) {
            Optional<AgreementVersionView> previous = head.activeVersion() == 0 ? Optional.empty()
                    : c.registry().version(b.agreementId(), head.activeVersion());
            previous.ifPresent(p -> c.tx().write(StateKeys.agreementVersion(p.agreementId(), p.version()),
                    new AgreementVersionView(p.agreementId(), p.version(), Status.SUPERSEDED, p.terms(),
                            p.proposalRecordId(), p.contentHash(), p.proposer(), p.signatories(), p.signatures(),
                            p.proposedAt(), p.activatedAt())));
            c.registry().activate(previous, next);
            c.tx().write(StateKeys.agreement(b.agreementId()),
                    new AgreementHead(b.agreementId(), next.version(), next.version()));
        }
    }
}
