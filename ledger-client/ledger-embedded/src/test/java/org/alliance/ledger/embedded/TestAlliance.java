package org.alliance.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;

/** A two-region alliance with an auditor, and records for the embedded-ledger tests. */
final class TestAlliance {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final KeyPair ZZ_KEY = Keys.generate(SignatureAlgorithm.SM2);
    private static final KeyPair CZ_KEY = Keys.generate(SignatureAlgorithm.SM2);
    private static final KeyPair AU_KEY = Keys.generate(SignatureAlgorithm.SM2);

    static final RecordFactory ZHANGZHOU = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, ZZ_KEY);
    static final RecordFactory CHAOZHOU = new RecordFactory("ChaozhouMSP", HashAlgorithm.SM3, CZ_KEY);
    static final RecordFactory AUDIT = new RecordFactory("AuditMSP", HashAlgorithm.SM3, AU_KEY);

    static final Caller ZZ_ADMIN = new Caller("ZhangzhouMSP", Role.ADMIN, "admin@zhangzhou");
    static final Caller CZ_ADMIN = new Caller("ChaozhouMSP", Role.ADMIN, "admin@chaozhou");
    static final Caller AUDITOR = new Caller("AuditMSP", Role.AUDITOR, "auditor@audit");

    private TestAlliance() {
    }

    /**
     * A proposal of a new agreement by Zhangzhou.
     *
     * @param agreementId the agreement id
     * @return the signed proposal
     */
    static SignedRecord proposal(String agreementId) {
        AgreementTerms terms = new AgreementTerms(List.of(
                member("ZhangzhouMSP", "Zhangzhou", "3506", MemberRole.REGION, ZZ_KEY),
                member("ChaozhouMSP", "Chaozhou", "4451", MemberRole.REGION, CZ_KEY),
                member("AuditMSP", "Oversight office", "35", MemberRole.AUDITOR, AU_KEY)),
                List.of(new CatalogueItem("SOCIAL-INS-TRANSFER", "Transfer of basic pension insurance",
                        "where the insured was last insured", 15, List.of("ID", "transfer application"))),
                List.of("2027-01-01"),
                "sm3:" + org.alliance.ledger.core.codec.Hex.encode(
                        HashAlgorithm.SM3.digest(("agreement text " + agreementId).getBytes(StandardCharsets.UTF_8))));
        return ZHANGZHOU.create(agreementId + "/v1/propose", NOW,
                null, new AgreementBody(AgreementAction.PROPOSE, agreementId, 1, terms, null));
    }

    /**
     * A signature of a proposal by an org.
     *
     * @param by the signing org's factory
     * @param proposal the proposal
     * @param previous the agreement's latest record, which the signature follows
     * @return the signed SIGN record
     */
    static SignedRecord sign(RecordFactory by, SignedRecord proposal, SignedRecord previous) {
        AgreementBody p = (AgreementBody) proposal.record().body();
        return by.createAfter(p.agreementId() + "/v1/sign/" + by.org(), NOW, previous,
                new AgreementBody(AgreementAction.SIGN, p.agreementId(), 1, null, RecordCodec.taggedHash(proposal.record())));
    }

    /**
     * A trust store holding the org keys and the ledger's node key.
     *
     * @param ledger the ledger
     * @return the trust store
     */
    static TrustStore trust(EmbeddedLedger ledger) {
        return TrustStore.fromPems(Map.of("ZhangzhouMSP.pem", Keys.toPem(ZZ_KEY.getPublic()),
                "ChaozhouMSP.pem", Keys.toPem(CZ_KEY.getPublic()), "AuditMSP.pem", Keys.toPem(AU_KEY.getPublic()),
                ledger.signerOrg() + ".node.pem", ledger.nodePublicKeyPem()));
    }

    private static Member member(String msp, String name, String code, MemberRole role, KeyPair key) {
        return new Member(msp, name, code, role, List.of(Base64.getEncoder().encodeToString(key.getPublic().getEncoded())));
    }
}
