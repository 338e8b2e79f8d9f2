package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.log.FileWitnessStateStore;
import org.alliance.ledger.core.log.Witness;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.alliance.ledger.core.testkit.TestLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording co-signed checkpoints of the alliance log: the ledger keeps one consistent history of
 * them, and refuses a truncated or rewritten one, or one whose signatures are not the members'.
 */
class LogCheckpointRulesTest {
    static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    final DemoAlliance demo = new DemoAlliance(SignatureAlgorithm.SM2, HashAlgorithm.SM3);
    final TestLedger ledger = new TestLedger(demo);
    final Caller service = caller(ZHANGZHOU, Role.SERVICE);
    List<Witness> witnesses;

    @TempDir
    Path dir;

    @BeforeEach
    void activeAlliance() {
        ledger.activateDemoAgreement(T);
        Map<String, List<PublicKey>> keys = new LinkedHashMap<>();
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, SHANTOU)) {
            keys.put(org, List.of(demo.keyPair(org).getPublic()));
        }
        witnesses = List.of(CHAOZHOU, SHANTOU).stream().map(org -> new Witness(org, Signer.of(demo.keyPair(org)),
                TrustStore.of(keys), new FileWitnessStateStore(dir.resolve(org)))).toList();
    }

    /** The rules do not see ledger order, so any batch roots serve; the leaf at {@code rewritten} differs. */
    static AllianceLog log(int size, int rewritten) {
        return TestLogs.log(HashAlgorithm.SM3, size, rewritten);
    }

    SignedCheckpoint signed(AllianceLog log, String org, Instant t) {
        return SignedCheckpoint.sign(log.checkpoint(org, t), Signer.of(demo.keyPair(org)));
    }

    SignedCheckpoint cosigned(SignedCheckpoint candidate, ConsistencyProof proof) {
        return TestLogs.cosign(candidate, proof, witnesses);
    }

    static LogCheckpointBody body(SignedCheckpoint s, ConsistencyProof proof) {
        Checkpoint c = s.checkpoint();
        return new LogCheckpointBody(c.allianceId(), c.treeSize(), c.root(), c.hashAlg(), s.signature(), s.cosignatures(),
                proof == null ? List.of() : proof.hashes().stream().map(Hex::encode).toList());
    }

    SignedRecord record(String id, SignedCheckpoint s, ConsistencyProof proof) {
        return ledger.next(s.checkpoint().org(), id, s.checkpoint().instant(), body(s, proof));
    }

    void refusedBecause(ErrorCode code, String reason, SignedRecord r) {
        ledger.refused(code, service, r);
        assertThatThrownBy(() -> ledger.submit(service, r)).hasMessageContaining(reason);
    }

    @Test
    void coSignedCheckpointsThatExtendEachOtherAreRecordedInOneChain() {
        SignedCheckpoint first = cosigned(signed(log(3, -1), ZHANGZHOU, T), null);
        ledger.submit(service, record("alog-1", first, null));
        AllianceLog grown = log(5, -1);
        ConsistencyProof proof = grown.consistencyProof(3, 5);
        SignedCheckpoint second = cosigned(signed(grown, CHAOZHOU, T.plusSeconds(60)), proof);
        // Another member records the next one: the chain is the alliance's, not the producer's.
        ledger.submit(caller(CHAOZHOU, Role.ADMIN), record("alog-2", second, proof));

        SignedRecord stored = ledger.rules().record("alog-2").orElseThrow().signedRecord();
        assertThat(stored.record().prev()).isEqualTo(RecordCodec.taggedHash(
                ledger.rules().record("alog-1").orElseThrow().signedRecord().record()));
        // What the ledger holds is the checkpoint exactly as its producer and witnesses signed it.
        LogCheckpointBody b = (LogCheckpointBody) stored.record().body();
        assertThat(new SignedCheckpoint(new Checkpoint(Checkpoint.FORMAT, b.allianceId(), stored.record().org(),
                b.treeSize(), b.root(), b.alg(), stored.record().time()), b.signature(), b.cosignatures()))
                .isEqualTo(second);
        // The same tree again (a later time) needs no proof.
        ledger.submit(service, record("alog-3", signed(grown, ZHANGZHOU, T.plusSeconds(120)), null));
    }

    @Test
    void aTruncatedOrRewrittenHistoryIsRefusedByTheLedgerToo() {
        ledger.submit(service, record("alog-1", cosigned(signed(log(5, -1), ZHANGZHOU, T), null), null));
        Instant later = T.plusSeconds(60);
        AllianceLog cut = log(3, -1);
        refusedBecause(ErrorCode.WRONG_STATE, "TRUNCATED", record("alog-2", signed(cut, ZHANGZHOU, later), null));
        refusedBecause(ErrorCode.WRONG_STATE, "FORKED", record("alog-2", signed(log(5, 1), ZHANGZHOU, later), null));
        AllianceLog forged = log(8, 2);
        refusedBecause(ErrorCode.WRONG_STATE, "INCONSISTENT",
                record("alog-2", signed(forged, ZHANGZHOU, later), forged.consistencyProof(5, 8)));
        // A proof of the right shape but for the wrong sizes does not link the trees either.
        AllianceLog honest = log(8, -1);
        refusedBecause(ErrorCode.WRONG_STATE, "INCONSISTENT",
                record("alog-2", signed(honest, ZHANGZHOU, later), honest.consistencyProof(4, 8)));
        ledger.submit(service, record("alog-2", signed(honest, ZHANGZHOU, later), honest.consistencyProof(5, 8)));
    }

    @Test
    void signaturesMustBeTheMembersOverTheRecordedCheckpoint() {
        SignedCheckpoint good = cosigned(signed(log(3, -1), ZHANGZHOU, T), null);
        Checkpoint c = good.checkpoint();
        // A co-signature moved to another org, or by a key no agreement registered.
        CheckpointSignature cz = good.cosignatures().getFirst();
        SignedCheckpoint moved = new SignedCheckpoint(c, good.signature(),
                List.of(new CheckpointSignature(SHANTOU, cz.alg(), cz.publicKey(), cz.value())));
        refusedBecause(ErrorCode.BAD_SIGNATURE, "not among its trusted keys", record("alog-1", moved, null));
        Signer stranger = Signer.of(Keys.generate(SignatureAlgorithm.SM2));
        refusedBecause(ErrorCode.BAD_SIGNATURE, "not among its trusted keys", record("alog-1", good.withCosignature(
                CheckpointSignature.sign(c.canonicalBytes(), CHAOZHOU, stranger)), null));
        // Recorded at another time than it was signed for: the signed bytes differ.
        SignedRecord retimed = ledger.next(ZHANGZHOU, "alog-1", T.plusSeconds(1), body(good, null));
        refusedBecause(ErrorCode.BAD_SIGNATURE, "does not verify", retimed);
        // Recorded by another member than the one that signed it.
        ledger.refused(ErrorCode.MALFORMED_INPUT, caller(CHAOZHOU, Role.SERVICE),
                ledger.next(CHAOZHOU, "alog-1", T, body(good, null)));
        // Only a service or an admin records checkpoints; the first one has nothing to prove against.
        ledger.refused(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.CLERK), record("alog-1", good, null));
        AllianceLog l = log(3, -1);
        refusedBecause(ErrorCode.MALFORMED_INPUT, "proof must be empty", record("alog-1", good, l.consistencyProof(1, 3)));
        ledger.submit(service, record("alog-1", good, null));
        assertThat(ledger.rules().record("alog-1")).isPresent();
    }

    @Test
    void aMalformedBodyIsRefusedBeforeAnyRule() {
        SignedCheckpoint good = signed(log(3, -1), ZHANGZHOU, T);
        CheckpointSignature s = good.signature();
        assertThatThrownBy(() -> new LogCheckpointBody("DEMO/ALLIANCE", 3, good.checkpoint().root(), "sm3", s, List.of(),
                List.of())).isInstanceOf(RuleException.class);
        assertThatThrownBy(() -> new LogCheckpointBody(TestLogs.ALLIANCE, 3, good.checkpoint().root(), "md5", s, List.of(),
                List.of())).isInstanceOf(RuleException.class);
        assertThatThrownBy(() -> new LogCheckpointBody(TestLogs.ALLIANCE, -1, good.checkpoint().root(), "sm3", s, List.of(),
                List.of())).isInstanceOf(RuleException.class);
        assertThatThrownBy(() -> new LogCheckpointBody(TestLogs.ALLIANCE, 3, good.checkpoint().root(), "sm3", s, List.of(),
                List.of("00"))).isInstanceOf(RuleException.class);
    }
}
