package org.alliance.ledger.core.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;

/**
 * The demo alliance: Zhangzhou (Fujian), Chaozhou and Shantou (Guangdong) and a provincial
 * oversight office that audits, and the six items of their first agreement. Keys are not part of
 * it: every user of the demo brings its own, so {@link #terms} takes them as a function.
 */
public final class DemoAlliance {
    /** Accepting region for most demo cases. */
    public static final String ZHANGZHOU = "ZhangzhouMSP";
    /** Home region for Guangdong-registered applicants and enterprises. */
    public static final String CHAOZHOU = "ChaozhouMSP";
    /** Third member; recognises results. */
    public static final String SHANTOU = "ShantouMSP";
    /** The read-only auditor. */
    public static final String AUDIT = "AuditMSP";
    /** The item of the demo case: transfer of basic pension insurance, 15 working days. */
    public static final String PENSION_TRANSFER = "SOCIAL-INS-TRANSFER";

    /**
     * One member org of the demo alliance.
     *
     * @param mspId the org's MSP id
     * @param regionName the region's name, for people
     * @param regionCode the GB/T 2260 region code prefix
     * @param role the org's role in the alliance
     */
    public record Org(String mspId, String regionName, String regionCode, MemberRole role) {
        /** Checks that every part is present; {@link Member} checks the formats. */
        public Org {
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(regionName, "regionName");
            Objects.requireNonNull(regionCode, "regionCode");
            Objects.requireNonNull(role, "role");
        }

        /**
         * This org as an agreement member.
         *
         * @param signingKeys the org's record-signing public keys, base64 SubjectPublicKeyInfo DER
         * @return the member
         */
        public Member member(List<String> signingKeys) {
            return new Member(mspId, regionName, regionCode, role, signingKeys);
        }
    }

    private static final List<Org> ORGS = List.of(
            new Org(ZHANGZHOU, "Zhangzhou, Fujian", "3506", MemberRole.REGION),
            new Org(CHAOZHOU, "Chaozhou, Guangdong", "4451", MemberRole.REGION),
            new Org(SHANTOU, "Shantou, Guangdong", "4405", MemberRole.REGION),
            new Org(AUDIT, "Provincial oversight office", "35", MemberRole.AUDITOR));

    private static final List<CatalogueItem> CATALOGUE = List.of(
            new CatalogueItem("ENT-SETUP", "Enterprise establishment registration", "where the enterprise registers",
                    3, List.of("application form", "ID of legal representative", "articles of association",
                            "address proof")),
            new CatalogueItem("LABOUR-DISPATCH", "Labour dispatch business licence", "where the business registers",
                    20, List.of("application", "business licence", "capital proof", "management rules")),
            new CatalogueItem(PENSION_TRANSFER, "Transfer of basic pension insurance",
                    "where the insured was last insured", 15, List.of("ID", "transfer application",
                            "contribution record")),
            new CatalogueItem("PENSION-QUALIFY", "Annual pension entitlement check", "where the pension is paid",
                    1, List.of("ID", "identity attestation")),
            new CatalogueItem("HOUSING-FUND-WITHDRAW", "Housing provident fund withdrawal",
                    "where the fund account is held", 3, List.of("ID", "reason proof", "bank card")),
            new CatalogueItem("SPECIAL-EQUIP-PERMIT", "Special equipment production permit",
                    "where the manufacturer registers", 30, List.of("application", "quality manual",
                            "inspection report")));

    private DemoAlliance() {
    }

    /**
     * The member orgs, in the order they sign the first agreement.
     *
     * @return the four orgs
     */
    public static List<Org> orgs() {
        return ORGS;
    }

    /**
     * The MSP ids of the member orgs, in signing order.
     *
     * @return the four MSP ids
     */
    public static List<String> mspIds() {
        return ORGS.stream().map(Org::mspId).toList();
    }

    /**
     * One member org.
     *
     * @param mspId the org's MSP id
     * @return the org
     * @throws IllegalArgumentException if the demo alliance has no such org
     */
    public static Org org(String mspId) {
        return ORGS.stream().filter(o -> o.mspId().equals(mspId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a demo alliance org: " + mspId));
    }

    /**
     * The six items of the first agreement.
     *
     * @return the catalogue
     */
    public static List<CatalogueItem> catalogue() {
        return CATALOGUE;
    }

    /**
     * One catalogue item.
     *
     * @param code the item code
     * @return the item
     * @throws IllegalArgumentException if the catalogue has no such item
     */
    public static CatalogueItem item(String code) {
        return CATALOGUE.stream().filter(i -> i.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a demo catalogue item: " + code));
    }

    /**
     * Agreement terms in which every demo org is a member.
     *
     * @param signingKeys each org's record-signing public keys (base64 SPKI DER), by MSP id
     * @param items the catalogue items
     * @param holidays the agreement's extra holidays, ISO dates
     * @param textHash {@code ALG:HEX} of the agreement text
     * @return the terms
     */
    public static AgreementTerms terms(Function<String, List<String>> signingKeys, List<CatalogueItem> items,
            List<String> holidays, String textHash) {
        return new AgreementTerms(ORGS.stream().map(o -> o.member(signingKeys.apply(o.mspId()))).toList(),
                items, holidays, textHash);
    }

    /**
     * The text hash a demo agreement names: {@code ALG:HEX} of the words "Demo alliance agreement"
     * and its id, since a demo has no signed text of its own.
     *
     * @param hash the agreement's hash algorithm
     * @param agreementId the agreement's id
     * @return the tagged hash
     */
    public static String textHash(HashAlgorithm hash, String agreementId) {
        return hash.id() + ":" + Hex.encode(hash.digest(("Demo alliance agreement " + agreementId)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
