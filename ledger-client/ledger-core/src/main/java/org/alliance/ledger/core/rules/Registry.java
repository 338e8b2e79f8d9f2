package org.alliance.ledger.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;

/**
 * Who is in the alliance and which items it covers, as derived from active agreements: per org,
 * its memberships (role, region, signing keys); per item, the agreements that list it. Kept as
 * state so that every check is a point read, never a scan.
 */
final class Registry {
    /** An org's memberships, stored under its {@code org} key. */
    record OrgEntry(String mspId, List<Membership> memberships) {
        OrgEntry {
            memberships = List.copyOf(memberships);
        }
    }

    /** One membership of an org in an active agreement version. */
    record Membership(String agreementId, int version, MemberRole role, String regionCode, List<String> signingKeys) {
        Membership {
            signingKeys = List.copyOf(signingKeys);
        }
    }

    /** The active agreements that list an item, stored under its {@code item} key. */
    record ItemEntry(String code, List<String> agreementIds) {
        ItemEntry {
            agreementIds = List.copyOf(agreementIds);
        }
    }

    /** An agreement's versions, stored under its {@code agr} key. */
    record AgreementHead(String agreementId, int activeVersion, int latestVersion) {
    }

    /** The latest record of a subject, stored under its {@code head} key. */
    record SubjectHead(String subject, String hash, String recordId) {
    }

    private final PendingState tx;

    Registry(PendingState tx) {
        this.tx = tx;
    }

    Optional<OrgEntry> org(String mspId) {
        return tx.read(StateKeys.org(mspId), OrgEntry.class).filter(e -> !e.memberships().isEmpty());
    }

    boolean isAuditorOrg(String mspId) {
        return org(mspId).map(e -> e.memberships().stream().anyMatch(m -> m.role() == MemberRole.AUDITOR))
                .orElse(false);
    }

    boolean itemKnown(String code) {
        return tx.read(StateKeys.item(code), ItemEntry.class).map(e -> !e.agreementIds().isEmpty()).orElse(false);
    }

    Optional<AgreementHead> head(String agreementId) {
        return tx.read(StateKeys.agreement(agreementId), AgreementHead.class);
    }

    Optional<AgreementVersionView> version(String agreementId, int version) {
        return tx.read(StateKeys.agreementVersion(agreementId, version), AgreementVersionView.class);
    }

    /**
     * The terms in force of an agreement.
     *
     * @throws RuleException UNKNOWN_AGREEMENT or AGREEMENT_NOT_ACTIVE
     */
    AgreementVersionView active(String agreementId) {
        AgreementHead head = head(agreementId).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_AGREEMENT, "agreement " + agreementId + " does not exist"));
        if (head.activeVersion() == 0) {
            throw new RuleException(ErrorCode.AGREEMENT_NOT_ACTIVE,
                    "agreement " + agreementId + " is not yet signed by all its signatories");
        }
        return version(agreementId, head.activeVersion()).orElseThrow();
    }

    static Member member(AgreementVersionView agreement, String mspId) {
        return agreement.terms().member(mspId).orElseThrow(() -> new RuleException(ErrorCode.NOT_A_MEMBER,
                mspId + " is not a member of agreement " + agreement.agreementId()));
    }

    static CatalogueItem item(AgreementVersionView agreement, String code) {
        return agreement.terms().item(code).orElseThrow(() -> new RuleException(ErrorCode.ITEM_NOT_IN_AGREEMENT,
                "agreement " + agreement.agreementId() + " does not cover item " + code));
    }

    /**
     * Makes an agreement version the one in force: updates every member's and item's entry.
     *
     * @param previous the version it replaces, if any
     * @param next the new version
     */
    void activate(Optional<AgreementVersionView> previous, AgreementVersionView next) {
        String id = next.agreementId();
        AgreementTerms terms = next.terms();
        TreeSet<String> orgs = new TreeSet<>();
        TreeSet<String> items = new TreeSet<>();
        previous.ifPresent(p -> {
            p.terms().members().forEach(m -> orgs.add(m.mspId()));
            p.terms().items().forEach(i -> items.add(i.code()));
        });
        terms.members().forEach(m -> orgs.add(m.mspId()));
        terms.items().forEach(i -> items.add(i.code()));
        for (String org : orgs) {
            List<Membership> ms = new ArrayList<>(tx.read(StateKeys.org(org), OrgEntry.class)
                    .map(OrgEntry::memberships).orElse(List.of()));
            ms.removeIf(m -> m.agreementId().equals(id));
            terms.member(org).ifPresent(m ->
                    ms.add(new Membership(id, next.version(), m.role(), m.regionCode(), m.signingKeys())));
            tx.write(StateKeys.org(org), new OrgEntry(org, ms));
        }
        for (String code : items) {
            TreeSet<String> ids = new TreeSet<>(tx.read(StateKeys.item(code), ItemEntry.class)
                    .map(ItemEntry::agreementIds).orElse(List.of()));
            ids.remove(id);
            if (terms.item(code).isPresent()) {
                ids.add(id);
            }
            tx.write(StateKeys.item(code), new ItemEntry(code, List.copyOf(ids)));
        }
    }
}
