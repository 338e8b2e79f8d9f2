package org.alliance.ledger.evm;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * A checkpoint of an alliance log as the anchor contract records it.
 *
 * @param allianceId the alliance whose log this is (non-empty)
 * @param treeSize the number of leaves the root covers (at least 1)
 * @param root the tree's root, 32 bytes
 * @param algorithm the hash algorithm of the tree
 */
public record AnchorCheckpoint(String allianceId, long treeSize, byte[] root, HashAlgorithm algorithm) {
    /** Validates and copies the root. */
    public AnchorCheckpoint {
        Objects.requireNonNull(allianceId, "allianceId");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(algorithm, "algorithm");
        if (allianceId.isBlank()) {
            throw new IllegalArgumentException("the alliance id is empty");
        }
        if (treeSize < 1) {
            throw new IllegalArgumentException("tree size " + treeSize + " is not positive");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("a root is 32 bytes, not " + root.length);
        }
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /**
     * The contract's code for the hash algorithm: 1 for SHA-256, 2 for SM3.
     *
     * @return the algorithm code
     */
    public int algorithmCode() {
        return code(algorithm);
    }

    static int code(HashAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA256 -> 1;
            case SM3 -> 2;
        };
    }

    static HashAlgorithm algorithm(int code) {
        return switch (code) {
            case 1 -> HashAlgorithm.SHA256;
            case 2 -> HashAlgorithm.SM3;
            default -> throw new IllegalArgumentException("unknown hash algorithm code " + code);
        };
    }

    /**
     * Whether this is the same checkpoint as another: same alliance, size, root and algorithm.
     *
     * @param other the other checkpoint
     * @return true when every field is equal
     */
    public boolean sameAs(AnchorCheckpoint other) {
        return allianceId.equals(other.allianceId) && treeSize == other.treeSize
                && Arrays.equals(root, other.root) && algorithm == other.algorithm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnchorCheckpoint other && sameAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allianceId, treeSize, Arrays.hashCode(root), algorithm);
    }

    @Override
    public String toString() {
        return allianceId + "@" + treeSize + " " + algorithm.id() + ":" + HexFormat.of().formatHex(root);
    }
}
