package org.alliance.ledger.core.rules;

import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.record.CheckpointBody;
import org.alliance.ledger.core.record.Role;

/**
 * Checkpoints: a service or admin records a Merkle root over earlier batch roots. The root is
 * recomputed from the stored batches, so a checkpoint cannot attest to batches that do not
 * exist or to roots they do not have.
 */
final class CheckpointRule {
    private CheckpointRule() {
    }

    static String apply(RecordContext c, CheckpointBody b) {
        c.requireRole(Role.SERVICE, Role.ADMIN);
        List<byte[]> roots = new ArrayList<>(b.batchIds().size());
        for (String batchId : b.batchIds()) {
            BatchInfo batch = c.tx().read(StateKeys.batch(batchId), BatchInfo.class).orElseThrow(() ->
                    new RuleException(ErrorCode.UNKNOWN_RECORD, "batch " + batchId + " does not exist"));
            roots.add(Hex.decode(batch.root()));
        }
        String computed = Hex.encode(MerkleTree.of(HashAlgorithm.fromId(b.alg()), roots).root());
        if (!computed.equals(b.root())) {
            throw new RuleException(ErrorCode.BAD_HASH, "checkpoint root does not match the listed batches");
        }
        return null;
    }
}
