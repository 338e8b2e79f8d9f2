package org.alliance.ledger.core.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.subject.IdNumbers;
import org.alliance.ledger.core.subject.SubjectReference;

/**
 * The demo alliance of DEMO-ALLIANCE.md as a test fixture: four orgs with fresh signing keys,
 * the first agreement's terms, and helpers for callers and subject references.
 */
public final class DemoAlliance {
    public static final String ZHANGZHOU = org.alliance.ledger.core.demo.DemoAlliance.ZHANGZHOU;
    public static final String CHAOZHOU = org.alliance.ledger.core.demo.DemoAlliance.CHAOZHOU;
    public static final String SHANTOU = org.alliance.ledger.core.demo.DemoAlliance.SHANTOU;
    public static final String AUDIT = org.alliance.ledger.core.demo.DemoAlliance.AUDIT;
    public static final String AGREEMENT_ID = "fj-gd-2026";
    public static final String ITEM = org.alliance.ledger.core.demo.DemoAlliance.PENSION_TRANSFER;
    /** The catalogue item that {@link #items()} leaves out, so that a test can add it by amendment. */
    public static final String AMENDMENT_ITEM = "SPECIAL-EQUIP-PERMIT";
    /** A made-up test ID number with a valid check character; it never leaves the test JVM. */
    public static final String ID_NUMBER_LITERAL = "44510219800101123X";
    /** The same, checked at class load so a typo in the literal cannot go unnoticed. */
    public static final String ID_NUMBER = IdNumbers.normalise(ID_NUMBER_LITERAL);
    private static final byte[] SECRET = "demo-alliance-secret-for-tests-only-0123456789".getBytes(StandardCharsets.UTF_8);

    private final HashAlgorithm hashAlg;
    private final SignatureAlgorithm sigAlg;
    private final Map<String, RecordFactory> factories = new LinkedHashMap<>();
    private final Map<String, java.security.KeyPair> keys = new LinkedHashMap<>();

    /**
     * Creates the alliance with fresh keys.
     *
     * @param sigAlg the signature algorithm of every org's key
     * @param hashAlg the record hash algorithm
     */
    public DemoAlliance(SignatureAlgorithm sigAlg, HashAlgorithm hashAlg) {
        this.hashAlg = hashAlg;
        this.sigAlg = sigAlg;
        for (String org : org.alliance.ledger.core.demo.DemoAlliance.mspIds()) {
            addOrg(org);
        }
    }

    /** Adds an org with a fresh key, for example one that is not (yet) a member. */
    public RecordFactory addOrg(String org) {
        java.security.KeyPair pair = Keys.generate(sigAlg);
        keys.put(org, pair);
        RecordFactory f = new RecordFactory(org, hashAlg, pair);
        factories.put(org, f);
        return f;
    }

    /** The org's key pair. */
    public java.security.KeyPair keyPair(String org) {
        return keys.get(org);
    }

    public HashAlgorithm hashAlg() {
        return hashAlg;
    }

    public RecordFactory factory(String org) {
        return factories.get(org);
    }

    public static Caller caller(String org, Role role) {
        return new Caller(org, role, role.externalName() + "@" + org);
    }

    public static String subjectRef() {
        return SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SECRET, ID_NUMBER);
    }

    public String hashHex(String text) {
        return org.alliance.ledger.core.codec.Hex.encode(hashAlg.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public DocumentHash doc(String label) {
        return new DocumentHash(label, hashAlg.id(), hashHex(label));
    }

    /** The demo catalogue without {@link #AMENDMENT_ITEM}. */
    public static List<CatalogueItem> items() {
        return org.alliance.ledger.core.demo.DemoAlliance.catalogue().stream()
                .filter(i -> !i.code().equals(AMENDMENT_ITEM)).toList();
    }

    /** The demo alliance's terms over {@code items}, every org's current key registered. */
    public AgreementTerms terms(List<CatalogueItem> items, List<String> holidays) {
        return org.alliance.ledger.core.demo.DemoAlliance.terms(org -> List.of(factory(org).publicKeyBase64()),
                items, holidays, hashAlg.id() + ":" + hashHex("agreement text v1"));
    }

    public AgreementTerms terms() {
        return terms(items(), List.of("2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"));
    }

    public Member member(String org, String regionName, String regionCode, MemberRole role) {
        return new Member(org, regionName, regionCode, role, List.of(factory(org).publicKeyBase64()));
    }

    /** Records that propose version 1 and sign it by every member, in submission order. */
    public List<SignedRecord> agreementRecords(AgreementTerms terms, Instant time) {
        SignedRecord proposal = factory(ZHANGZHOU).create(AGREEMENT_ID + "/v1", time, null,
                new AgreementBody(AgreementAction.PROPOSE, AGREEMENT_ID, 1, terms, null));
        String content = RecordCodec.taggedHash(proposal.record());
        List<SignedRecord> out = new java.util.ArrayList<>(List.of(proposal));
        SignedRecord last = proposal;
        for (String org : org.alliance.ledger.core.demo.DemoAlliance.mspIds()) {
            last = factory(org).createAfter(AGREEMENT_ID + "/v1/sign/" + org, time, last,
                    new AgreementBody(AgreementAction.SIGN, AGREEMENT_ID, 1, null, content));
            out.add(last);
        }
        return List.copyOf(out);
    }
}
