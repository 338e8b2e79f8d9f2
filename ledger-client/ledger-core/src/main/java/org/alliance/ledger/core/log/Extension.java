package org.alliance.ledger.core.log;

import java.util.Optional;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;

/**
 * Whether one checkpoint's tree extends another's: the single decision that the witness and the
 * offline verifier share, so that both refuse for the same reasons.
 */
final class Extension {
    private Extension() {
    }

    /** Why a tree does not extend another. */
    record Failure(WitnessRefusal.Reason reason, String message) {
    }

    /**
     * Checks that {@code to} extends {@code from}.
     *
     * @param from the earlier checkpoint (for a witness: the last one it co-signed)
     * @param to the later checkpoint
     * @param proof the consistency proof between their sizes; may be {@code null} when both
     *     describe the same tree
     * @return the failure, or empty if {@code to} extends {@code from}
     */
    static Optional<Failure> check(Checkpoint from, Checkpoint to, ConsistencyProof proof) {
        if (!from.allianceId().equals(to.allianceId()) || !from.hashAlg().equals(to.hashAlg())) {
            return fail(WitnessRefusal.Reason.WRONG_LOG, "the checkpoints are of different logs: "
                    + from.allianceId() + "/" + from.hashAlg() + " and " + to.allianceId() + "/" + to.hashAlg());
        }
        if (to.treeSize() < from.treeSize()) {
            return fail(WitnessRefusal.Reason.TRUNCATED, "the log shrank from " + from.treeSize() + " to "
                    + to.treeSize() + " batch roots: history was cut off");
        }
        if (to.treeSize() == from.treeSize()) {
            return to.root().equals(from.root()) ? Optional.empty()
                    : fail(WitnessRefusal.Reason.FORKED, "two different roots for the same size " + to.treeSize()
                            + ": history was rewritten");
        }
        if (proof == null || proof.fromSize() != from.treeSize() || proof.toSize() != to.treeSize()) {
            return fail(WitnessRefusal.Reason.PROOF_MISMATCH, "a consistency proof from size " + from.treeSize()
                    + " to " + to.treeSize() + " is needed, got " + (proof == null ? "none"
                    : "one from " + proof.fromSize() + " to " + proof.toSize()));
        }
        try {
            MerkleVerifier.verifyConsistency(to.algorithm(), proof, from.rootBytes(), to.rootBytes());
            return Optional.empty();
        } catch (ProofException e) {
            return fail(WitnessRefusal.Reason.INCONSISTENT, "the tree of size " + from.treeSize()
                    + " is not a prefix of the tree of size " + to.treeSize() + " (" + e.getMessage() + ")");
        }
    }

    private static Optional<Failure> fail(WitnessRefusal.Reason reason, String message) {
        return Optional.of(new Failure(reason, message));
    }
}
