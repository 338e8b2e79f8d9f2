package org.alliance.ledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.junit.jupiter.api.Test;

/**
 * Trust bundles over an agreement of two versions, the second rotating Zhangzhou's record key:
 * the replay follows the rotation, keeps the old key's period, and refuses a version a signatory
 * has not signed or a signature with a key the agreement does not list; the file's signer must
 * hold a key in force.
 */
class TrustBundleTest {
    private static final String ID = "agr-test";
    private static final Instant T1 = Instant.parse("2026-01-05T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T08:00:00Z");

    private final Map<String, KeyPair> v1Pairs = new HashMap<>();
    private final Map<String, RecordFactory> v1Keys = new HashMap<>();
    private final KeyPair rotated = Keys.generate(SignatureAlgorithm.SM2);
    private final RecordFactory zhangzhouNew = new RecordFactory(DemoAlliance.ZHANGZHOU, HashAlgorithm.SM3, rotated);

    TrustBundleTest() {
        for (String org : DemoAlliance.mspIds()) {
            v1Pairs.put(org, Keys.generate(SignatureAlgorithm.SM2));
            v1Keys.put(org, new RecordFactory(org, HashAlgorithm.SM3, v1Pairs.get(org)));
        }
    }

    private List<SignedRecord> records(boolean shantouSignsV2) {
        List<SignedRecord> out = new ArrayList<>();
        AgreementTerms v1 = DemoAlliance.terms(org -> List.of(v1Keys.get(org).publicKeyBase64()), DemoAlliance.catalogue(),
                List.of(), DemoAlliance.textHash(HashAlgorithm.SM3, ID));
        AgreementTerms v2 = DemoAlliance.terms(org -> List.of(org.equals(DemoAlliance.ZHANGZHOU)
                ? zhangzhouNew.publicKeyBase64() : v1Keys.get(org).publicKeyBase64()), DemoAlliance.catalogue(), List.of(),
                DemoAlliance.textHash(HashAlgorithm.SM3, ID));
        addVersion(out, 1, v1, T1, v1Keys.get(DemoAlliance.ZHANGZHOU), true);
        addVersion(out, 2, v2, T2, zhangzhouNew, shantouSignsV2);
        return out;
    }

    /** A version proposed and signed; Zhangzhou signs the amendment with its old key, as the rule allows. */
    private void addVersion(List<SignedRecord> out, int v, AgreementTerms terms, Instant t, RecordFactory proposer,
            boolean shantouSigns) {
        SignedRecord proposal = proposer.create(ID + "/v" + v + "/propose", t, null,
                new AgreementBody(AgreementAction.PROPOSE, ID, v, terms, null));
        out.add(proposal);
        for (String org : DemoAlliance.mspIds()) {
            if (org.equals(DemoAlliance.SHANTOU) && !shantouSigns) {
                continue;
            }
            out.add(v1Keys.get(org).create(ID + "/v" + v + "/sign/" + org, t.plusSeconds(60), null,
                    new AgreementBody(AgreementAction.SIGN, ID, v, null, RecordCodec.taggedHash(proposal.record()))));
        }
    }

    @Test
    void theReplayFollowsAKeyRotationAndKeepsTheOldKeysPeriod() {
        AgreementChain chain = AgreementChain.replay(ID, records(true));
        assertThat(chain.version()).isEqualTo(2);
        assertThat(chain.keyPeriods(DemoAlliance.ZHANGZHOU)).containsExactly(
                new AgreementChain.KeyPeriod(v1Keys.get(DemoAlliance.ZHANGZHOU).publicKeyBase64(), "2026-01-05T08:01:00Z",
                        "2026-03-02T08:01:00Z"),
                new AgreementChain.KeyPeriod(zhangzhouNew.publicKeyBase64(), "2026-03-02T08:01:00Z", null));
        assertThat(chain.keyPeriods(DemoAlliance.CHAOZHOU)).extracting(AgreementChain.KeyPeriod::validFrom)
                .containsExactly("2026-01-05T08:01:00Z");
        assertThat(chain.genesisHash()).isNotEqualTo(chain.inForceHash()).startsWith("sm3:");
    }

    @Test
    void aVersionWithoutEverySignatoryOrWithAnUnlistedKeyIsNotInForce() {
        assertThatThrownBy(() -> AgreementChain.replay(ID, records(false)))
                .hasMessageContaining("version 2 is not in force: no signature of [ShantouMSP]");
        List<SignedRecord> forged = records(true);
        RecordFactory stranger = new RecordFactory(DemoAlliance.CHAOZHOU, HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2));
        SignedRecord original = forged.stream().filter(r -> r.record().id().equals(ID + "/v2/sign/" + DemoAlliance.CHAOZHOU))
                .findFirst().orElseThrow();
        forged.set(forged.indexOf(original), stranger.sign(original.record()));
        assertThatThrownBy(() -> AgreementChain.replay(ID, forged))
                .hasMessageContaining("ChaozhouMSP's signature of version 2 is signed with a key the agreement does not list");
    }

    @Test
    void onlyAMembersKeyInForceMakesAValidBundleAndEveryKeyHeldIsTrusted() {
        KeyPair node = Keys.generate(SignatureAlgorithm.SM2);
        TrustBundle good = TrustBundle.sign(ID, records(true), Map.of(DemoAlliance.ZHANGZHOU, List.of(node.getPublic())),
                Map.of(), "2026-03-03T00:00:00Z", DemoAlliance.ZHANGZHOU, Signer.of(rotated));
        TrustBundle reread = TrustBundle.parse(good.toCanonicalJson());
        assertThat(reread.verify(null).valid()).as(reread.verify(null).checks().toString()).isTrue();
        assertThat(reread.verify(reread.chain().genesisHash()).valid()).isTrue();
        assertThat(reread.verify("sm3:" + "00".repeat(32)).checks()).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL)
                .extracting(Verdict.Check::name).containsExactly(TrustBundle.EXPECTED_AGREEMENT);
        TrustStore trust = reread.trustStore();
        assertThat(trust.keys(DemoAlliance.ZHANGZHOU)).hasSize(3);
        assertThat(trust.trusts(DemoAlliance.ZHANGZHOU, node.getPublic())).isTrue();

        // Zhangzhou's old key is no longer in force: a file it signs is not a member's.
        TrustBundle stale = TrustBundle.sign(ID, records(true), Map.of(), Map.of(), "2026-03-03T00:00:00Z",
                DemoAlliance.ZHANGZHOU, Signer.of(v1Pairs.get(DemoAlliance.ZHANGZHOU)));
        assertThat(stale.verify(null).checks()).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL)
                .extracting(Verdict.Check::name).containsExactly(TrustBundle.TRUST_SIGNER_MEMBER);
    }
}
