package org.alliance.ledger.core.checkpoint;

import java.util.Optional;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;

/**
 * Whether one checkpoint's tree extends another's: the single decision that witnesses, the
 * offline verifier and the ledger rules share, so that all refuse for the same reasons.
 */
public final class Extension {
    private Extension() {
    }

    /** Why a tree does not extend another; stable names. */
    public enum Kind {
        /** The checkpoints are of different alliances or hash algorithms. */
        WRONG_LOG,
        /** The later tree is smaller: history was cut off. */
        TRUNCATED,
        /** Same size, different root: history was rewritten. */
        FORKED,
        /** The proof is missing or between other sizes than the two checkpoints'. */
        PROOF_MISMATCH,
        /** The proof does not show the earlier tree to be a prefix of the later: history was rewritten. */
        INCONSISTENT
    }

    /**
     * Why a tree does not extend another.
     *
     * @param kind the kind of failure
     * @param message a one-line explanation
     */
    public record Failure(Kind kind, String message) {
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
    public static Optional<Failure> check(Checkpoint from, Checkpoint to, ConsistencyProof proof) {
        if (!from.allianceId().equals(to.allianceId()) || !from.hashAlg().equals(to.hashAlg())) {
            return fail(Kind.WRONG_LOG, "the checkpoints are of different logs: "
                    + from.allianceId() + "/" + from.hashAlg() + " and " + to.allianceId() + "/" + to.hashAlg());
        }
        if (to.treeSize() < from.treeSize()) {
            return fail(Kind.TRUNCATED, "the log shrank from " + from.treeSize() + " to "
                    + to.treeSize() + " batch roots: history was cut off");
        }
        if (to.treeSize() == from.treeSize()) {
            return to.root().equals(from.root()) ? Optional.empty()
                    : fail(Kind.FORKED, "two different roots for the same size " + to.treeSize()
                            + ": history was rewritten");
        }
        if (proof == null || proof.fromSize() != from.treeSize() || proof.toSize() != to.treeSize()) {
            return fail(Kind.PROOF_MISMATCH, "a consistency proof from size " + from.treeSize()
                    + " to " + to.treeSize() + " is needed, got " + (proof == null ? "none"
                    : "one from " + proof.fromSize() + " to " + proof.toSize()));
        }
        try {
            MerkleVerifier.verifyConsistency(to.algorithm(), proof, from.rootBytes(), to.rootBytes());
            return Optional.empty();
        } catch (ProofException e) {
            return fail(Kind.INCONSISTENT, "the tree of size " + from.treeSize()
                    + " is not a prefix of the tree of size " + to.treeSize() + " (" + e.getMessage() + ")");
        }
    }

    private static Optional<Failure> fail(Kind kind, String message) {
        return Optional.of(new Failure(kind, message));
    }
}
