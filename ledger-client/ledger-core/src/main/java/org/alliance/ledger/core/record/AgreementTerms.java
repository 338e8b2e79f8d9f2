package org.alliance.ledger.core.record;

import java.util.List;
import java.util.Optional;

/**
 * The content of one agreement version.
 *
 * @param members the member orgs; every member is a signatory
 * @param items the item catalogue
 * @param holidays public holidays (ISO dates) that do not count as working days
 * @param textHash the hash {@code ALG:HEX} of the signed agreement text
 */
public record AgreementTerms(List<Member> members, List<CatalogueItem> items, List<String> holidays,
        String textHash) {
    /** Checks that the lists are present, members and items are unique, and dates are valid. */
    public AgreementTerms {
        members = Fields.list("members", members, 1);
        items = Fields.list("items", items, 1);
        holidays = Fields.list("holidays", holidays, 0);
        Fields.distinct("members", members, Member::mspId);
        Fields.distinct("items", items, CatalogueItem::code);
        Fields.distinct("holidays", holidays, h -> h);
        holidays.forEach(h -> Fields.date("holidays[]", h));
        Fields.taggedHash("textHash", textHash);
        if (members.stream().noneMatch(m -> m.role() == MemberRole.REGION)) {
            throw Fields.malformed("an agreement needs at least one REGION member");
        }
    }

    /**
     * Looks up a member.
     *
     * @param mspId the org
     * @return the member, if listed
     */
    public Optional<Member> member(String mspId) {
        return members.stream().filter(m -> m.mspId().equals(mspId)).findFirst();
    }

    /**
     * Looks up a catalogue item.
     *
     * @param code the item code
     * @return the item, if listed
     */
    public Optional<CatalogueItem> item(String code) {
        return items.stream().filter(i -> i.code().equals(code)).findFirst();
    }
}
