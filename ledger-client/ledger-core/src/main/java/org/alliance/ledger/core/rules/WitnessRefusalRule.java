package org.alliance.ledger.core.rules;

import java.util.Optional;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.Extension;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.WitnessRefusalBody;

/**
 * Witness refusals: a member records that another member's checkpoint of the alliance log
 * conflicts with one it co-signed. The rules accept the record only if it proves itself: both
 * checkpoints carry their producers' signatures by keys registered in an agreement, the earlier
 * one carries the recording member's co-signature, the later one is another member's, and the
 * same decision witnesses make ({@link Extension}) finds the conflict the record names. So a
 * recorded refusal is evidence against the producer that nobody could fabricate, and a refusal
 * of a checkpoint that does extend the co-signed one is refused.
 */
final class WitnessRefusalRule {
    private WitnessRefusalRule() {
    }

    static String apply(RecordContext c, WitnessRefusalBody b) {
        c.requireRole(Role.SERVICE, Role.ADMIN);
        Checkpoint last = checkpoint(b, b.lastCosigned());
        Checkpoint candidate = checkpoint(b, b.candidate());
        requireSigned(c, last, b.lastCosigned().signature(), last.org(), "the co-signed checkpoint");
        requireSigned(c, last, b.cosignature(), c.org(), "the witness's co-signature");
        requireSigned(c, candidate, b.candidate().signature(), candidate.org(), "the refused checkpoint");
        if (candidate.org().equals(c.org())) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "a member does not refuse its own checkpoint");
        }
        ConsistencyProof proof = b.proof().isEmpty() || candidate.treeSize() < last.treeSize() ? null
                : new ConsistencyProof(last.treeSize(), candidate.treeSize(), b.proof().stream().map(Hex::decode).toList());
        Optional<Extension.Failure> failure = Extension.check(last, candidate, proof);
        if (failure.isEmpty() || !failure.get().kind().name().equals(b.reason())) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "the two checkpoints do not show " + b.reason()
                    + (failure.map(f -> " but " + f.kind() + ": " + f.message()).orElse(": the refused tree extends the co-signed one")));
        }
        return null;
    }

    private static Checkpoint checkpoint(WitnessRefusalBody b, WitnessRefusalBody.StatedCheckpoint s) {
        return new Checkpoint(Checkpoint.FORMAT, b.allianceId(), s.org(), s.treeSize(), s.root(), b.alg(), s.time());
    }

    private static void requireSigned(RecordContext c, Checkpoint checkpoint, CheckpointSignature signature, String org,
            String what) {
        if (!signature.org().equals(org)) {
            throw new RuleException(ErrorCode.BAD_SIGNATURE, what + " must be signed by " + org + ", not " + signature.org());
        }
        signature.problem(checkpoint.canonicalBytes(), (o, key) -> LogCheckpointRule.registeredKey(c, o, key))
                .ifPresent(p -> {
                    throw new RuleException(ErrorCode.BAD_SIGNATURE, what + ": " + p);
                });
    }
}
