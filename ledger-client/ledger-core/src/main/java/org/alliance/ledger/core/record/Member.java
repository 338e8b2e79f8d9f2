package org.alliance.ledger.core.record;

import java.util.List;
import java.util.regex.Pattern;
import org.alliance.ledger.core.error.ErrorCode;

/**
 * A member org of an agreement.
 *
 * @param mspId the org's MSP id
 * @param regionName the region's name, for people
 * @param regionCode the GB/T 2260 region code prefix, 2 to 6 digits, for example {@code 3506}
 * @param role the org's role in the alliance
 * @param signingKeys the org's record-signing public keys, base64 SubjectPublicKeyInfo DER
 */
public record Member(String mspId, String regionName, String regionCode, MemberRole role,
        List<String> signingKeys) {
    private static final Pattern REGION_CODE = Pattern.compile("[0-9]{2,6}");

    /** Checks formats; every member needs at least one signing key. */
    public Member {
        Fields.mspId("mspId", mspId);
        Fields.text("regionName", regionName);
        Fields.matching("regionCode", regionCode, REGION_CODE);
        Fields.required("role", role);
        signingKeys = Fields.list("signingKeys", signingKeys, 1);
        Fields.distinct("signingKeys", signingKeys, k -> k);
        signingKeys.forEach(k -> Fields.base64("signingKeys[]", k, ErrorCode.BAD_SIGNATURE));
    }
}
