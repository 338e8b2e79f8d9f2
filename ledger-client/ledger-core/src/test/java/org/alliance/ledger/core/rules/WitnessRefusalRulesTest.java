package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.log.FileWitnessStateStore;
import org.alliance.ledger.core.log.Witness;
import org.alliance.ledger.core.log.WitnessDecision;
import org.alliance.ledger.core.log.WitnessRefusal;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.WitnessRefusalBody;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.alliance.ledger.core.testkit.TestLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording a witness's refusal on the ledger: a refusal that shows a truncated, forked or
 * inconsistent history from the two signed checkpoints is accepted; one that does not (the
 * refused tree does extend the co-signed one, or the reason named is another), one whose
 * co-signature is not the recording member's, one of the member's own checkpoint, or one signed
 * by an unregistered key is refused, so that no member can fabricate evidence against another.
 */
class WitnessRefusalRulesTest {
    static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    final DemoAlliance demo = new DemoAlliance(SignatureAlgorithm.SM2, HashAlgorithm.SM3);
    final TestLedger ledger = new TestLedger(demo);
    final Caller chaozhou = caller(CHAOZHOU, Role.SERVICE);
    Witness witness;
    Witness other;

    @TempDir
    Path dir;

    @BeforeEach
    void witnessesWhoCosignedFive() {
        ledger.activateDemoAgreement(T);
        Map<String, List<PublicKey>> keys = new LinkedHashMap<>();
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, SHANTOU)) {
            keys.put(org, List.of(demo.keyPair(org).getPublic()));
        }
        witness = new Witness(CHAOZHOU, Signer.of(demo.keyPair(CHAOZHOU)), TrustStore.of(keys),
                new FileWitnessStateStore(dir.resolve("cz")));
        other = new Witness(SHANTOU, Signer.of(demo.keyPair(SHANTOU)), TrustStore.of(keys),
                new FileWitnessStateStore(dir.resolve("st")));
        SignedCheckpoint five = signed(log(5, -1), ZHANGZHOU);
        assertThat(witness.cosign(five, null)).isInstanceOf(WitnessDecision.Cosigned.class);
        assertThat(other.cosign(five, null)).isInstanceOf(WitnessDecision.Cosigned.class);
    }

    static AllianceLog log(int size, int rewritten) {
        return TestLogs.log(HashAlgorithm.SM3, size, rewritten);
    }

    SignedCheckpoint signed(AllianceLog log, String org) {
        return SignedCheckpoint.sign(log.checkpoint(org, T.plusSeconds(60)), Signer.of(demo.keyPair(org)));
    }

    WitnessRefusalBody refusal(Witness by, SignedCheckpoint candidate, ConsistencyProof proof) {
        WitnessRefusal r = (WitnessRefusal) by.cosign(candidate, proof);
        assertThat(r.provable()).isTrue();
        return r.toRecordBody();
    }

    void record(String id, WitnessRefusalBody body) {
        ledger.submit(chaozhou, ledger.next(CHAOZHOU, id, T.plusSeconds(120), body));
    }

    void refused(ErrorCode code, String id, WitnessRefusalBody body) {
        ledger.refused(code, chaozhou, ledger.next(CHAOZHOU, id, T.plusSeconds(120), body));
    }

    @Test
    void aTruncatedForkedOrInconsistentHistoryIsRecordedAsEvidence() {
        record("wr-truncated", refusal(witness, signed(log(3, -1), ZHANGZHOU), null));
        record("wr-forked", refusal(witness, signed(log(5, 1), ZHANGZHOU), null));
        AllianceLog forged = log(8, 2);
        WitnessRefusalBody inconsistent = refusal(witness, signed(forged, ZHANGZHOU), forged.consistencyProof(5, 8));
        record("wr-inconsistent", inconsistent);
        assertThat(inconsistent.reason()).isEqualTo("INCONSISTENT");
        assertThat(ledger.rules().record("wr-inconsistent")).isPresent();
    }

    @Test
    void aRefusalThatProvesNothingOrIsNotTheRecordingMembersIsRefused() {
        WitnessRefusalBody truncated = refusal(witness, signed(log(3, -1), ZHANGZHOU), null);
        // The refused tree extends the co-signed one: no conflict to record.
        AllianceLog honest = log(8, -1);
        WitnessRefusalBody honestBody = new WitnessRefusalBody(truncated.allianceId(), truncated.alg(), "INCONSISTENT",
                truncated.lastCosigned(), truncated.cosignature(),
                new WitnessRefusalBody.StatedCheckpoint(ZHANGZHOU, 8, org.alliance.ledger.core.codec.Hex.encode(honest.root()),
                        signed(honest, ZHANGZHOU).checkpoint().time(), signed(honest, ZHANGZHOU).signature()),
                honest.consistencyProof(5, 8).hashes().stream().map(org.alliance.ledger.core.codec.Hex::encode).toList());
        refused(ErrorCode.MALFORMED_INPUT, "wr-1", honestBody);
        // Another reason than the checkpoints show.
        refused(ErrorCode.MALFORMED_INPUT, "wr-1", new WitnessRefusalBody(truncated.allianceId(), truncated.alg(), "FORKED",
                truncated.lastCosigned(), truncated.cosignature(), truncated.candidate(), truncated.proof()));
        // Shantou's co-signature, recorded by Chaozhou.
        WitnessRefusalBody shantous = refusal(other, signed(log(3, -1), ZHANGZHOU), null);
        refused(ErrorCode.BAD_SIGNATURE, "wr-1", shantous);
        // A producer key no agreement registered.
        KeyPair stranger = Keys.generate(SignatureAlgorithm.SM2);
        SignedCheckpoint forged = SignedCheckpoint.sign(log(3, -1).checkpoint(ZHANGZHOU, T.plusSeconds(60)), Signer.of(stranger));
        refused(ErrorCode.BAD_SIGNATURE, "wr-1", new WitnessRefusalBody(truncated.allianceId(), truncated.alg(),
                "TRUNCATED", truncated.lastCosigned(), truncated.cosignature(),
                new WitnessRefusalBody.StatedCheckpoint(ZHANGZHOU, 3, forged.checkpoint().root(), forged.checkpoint().time(),
                        forged.signature()), List.of()));
        assertThat(ledger.rules().record("wr-1")).isEmpty();
    }
}
