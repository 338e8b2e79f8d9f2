package org.alliance.ledger.service.agreements;

import java.util.List;

/**
 * The body of a proposal: a new agreement ({@code POST /api/agreements}, {@code agreementId}
 * required) or an amendment ({@code POST /api/agreements/{id}/amendments}, {@code agreementId}
 * ignored, {@code basedOnVersion} optional). The fields are plain here and checked by the record
 * types of the ledger core when the proposal is built, so a bad catalogue is refused with the
 * rules' own code and message.
 *
 * @param agreementId the new agreement's id (proposals only)
 * @param basedOnVersion the version in force the amendment was written against; if given and no
 *     longer in force, the amendment is refused with VERSION_CONFLICT
 * @param members the member orgs, every one a signatory
 * @param items the item catalogue
 * @param holidays public holidays, ISO dates
 * @param textHash the hash {@code ALG:HEX} of the agreement's signed text
 */
public record AgreementRequest(String agreementId, Integer basedOnVersion, List<MemberRequest> members,
        List<ItemRequest> items, List<String> holidays, String textHash) {

    /**
     * A member org.
     *
     * @param mspId the org's MSP id
     * @param regionName the region's name
     * @param regionCode the GB/T 2260 region code prefix
     * @param role {@code REGION} or {@code AUDITOR}
     * @param signingKeys record-signing public keys, base64 SubjectPublicKeyInfo DER
     */
    public record MemberRequest(String mspId, String regionName, String regionCode, String role,
            List<String> signingKeys) {
    }

    /**
     * A catalogue item.
     *
     * @param code the item code
     * @param title the item's title
     * @param homeRule which region decides, in words
     * @param timeLimitDays the time limit in working days, 1 to 365
     * @param materials the required materials, by title
     */
    public record ItemRequest(String code, String title, String homeRule, Integer timeLimitDays,
            List<String> materials) {
    }
}
