package org.alliance.ledger.core.merkle;

import java.util.Objects;

/** A Merkle proof that cannot be produced or does not verify, with the reason as data. */
public class ProofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a proof was refused. */
    public enum Reason {
        /** The leaf index is not below the tree size, or a requested size is outside the tree. */
        INDEX_OUT_OF_RANGE,
        /** The proof has more or fewer hashes than the index and sizes require. */
        WRONG_PROOF_SIZE,
        /** A hash (in the proof, a root or a leaf hash) has the wrong length for the algorithm. */
        BAD_HASH_LENGTH,
        /** The hashes chain to a root other than the expected one, or equal sizes have different roots. */
        ROOT_MISMATCH,
        /** The old size is larger than the new one. */
        INCONSISTENT_SIZES
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the proof was refused
     * @param message a one-line explanation for the user
     */
    public ProofException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the proof was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
