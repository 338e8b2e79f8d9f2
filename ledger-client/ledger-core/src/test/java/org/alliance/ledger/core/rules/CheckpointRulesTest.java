package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CheckpointBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;

/** Checkpoints over batch roots. */
class CheckpointRulesTest {
    static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    final DemoAlliance demo = new DemoAlliance(SignatureAlgorithm.SM2, HashAlgorithm.SM3);
    final TestLedger ledger = new TestLedger(demo);

    @Test
    void theRootMustBeRecomputableFromTheListedBatches() {
        ledger.activateDemoAgreement(T);
        ledger.receive("case-1", T);
        ledger.step("case-1", CaseAction.FORWARD, T.plusSeconds(10));
        List<String> batchIds = List.of(ledger.rules().record("case-1").orElseThrow().batchId(),
                ledger.rules().record("case-1/1").orElseThrow().batchId());
        List<byte[]> roots = batchIds.stream().map(b -> Hex.decode(ledger.rules().batch(b).orElseThrow().root())).toList();
        String root = Hex.encode(MerkleTree.of(HashAlgorithm.SM3, roots).root());
        Instant t = T.plusSeconds(60);
        Caller service = caller(ZHANGZHOU, Role.SERVICE);

        ledger.refused(ErrorCode.BAD_HASH, service, ledger.next(ZHANGZHOU, "ckpt-1", t,
                new CheckpointBody("sm3", batchIds, 2, demo.hashHex("wrong"))));
        ledger.refused(ErrorCode.UNKNOWN_RECORD, service, ledger.next(ZHANGZHOU, "ckpt-1", t,
                new CheckpointBody("sm3", List.of(batchIds.get(0), "tx-none"), 2, root)));
        ledger.refused(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.CLERK), ledger.next(ZHANGZHOU, "ckpt-1", t,
                new CheckpointBody("sm3", batchIds, 2, root)));
        ledger.write(service, "ckpt-1", t, new CheckpointBody("sm3", batchIds, 2, root));
        ledger.write(caller(ZHANGZHOU, Role.ADMIN), "ckpt-2", t, new CheckpointBody("sm3", batchIds.subList(0, 1), 1,
                Hex.encode(MerkleTree.of(HashAlgorithm.SM3, roots.subList(0, 1)).root())));
        // Checkpoints chain per producing org.
        assertThat(ledger.rules().record("ckpt-2").orElseThrow().signedRecord().record().prev()).isEqualTo(
                RecordCodec.taggedHash(ledger.rules().record("ckpt-1").orElseThrow().signedRecord().record()));
        ledger.write(caller(CHAOZHOU, Role.SERVICE), "ckpt-3", t, new CheckpointBody("sm3", batchIds, 2, root));
        assertThat(ledger.rules().record("ckpt-3").orElseThrow().signedRecord().record().prev()).isNull();
    }
}
