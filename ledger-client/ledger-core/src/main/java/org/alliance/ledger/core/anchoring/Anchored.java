package org.alliance.ledger.core.anchoring;

import java.util.Objects;
import org.alliance.ledger.core.bundle.EvmAnchorProof;

/**
 * A checkpoint anchored with enough confirmations, and what proves it offline.
 *
 * @param treeSize the checkpoint's tree size
 * @param root the checkpoint's root, lowercase hex as in a checkpoint
 * @param hashAlg the tree's hash algorithm id
 * @param proof the anchor's proof, as a bundle carries it
 */
public record Anchored(long treeSize, String root, String hashAlg, EvmAnchorProof proof) {
    /** Checks that every part is present. */
    public Anchored {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(hashAlg, "hashAlg");
        Objects.requireNonNull(proof, "proof");
    }
}
