package org.alliance.ledger.core.merkle;

import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * RFC 6962's recursions (MTH of a range, PATH and SUBPROOF) over stored complete aligned subtrees,
 * for any prefix of the tree: a subtree {@code [i * 2^h, (i + 1) * 2^h)} hashes the same whatever
 * is appended after it, so a tree that keeps those hashes answers for every earlier size too. Each
 * range hash costs O(log n) node hashes, each proof O(log² n) at most.
 */
final class RangeProofs {
    /** The hash of the complete aligned subtree {@code [index * 2^level, (index + 1) * 2^level)}. */
    @FunctionalInterface
    interface Subtrees {
        byte[] hash(int level, int index);
    }

    private final HashAlgorithm algorithm;
    private final Subtrees subtrees;

    RangeProofs(HashAlgorithm algorithm, Subtrees subtrees) {
        this.algorithm = algorithm;
        this.subtrees = subtrees;
    }

    /**
     * The consistency proof between two sizes of a tree that has {@code size} leaves stored.
     *
     * @throws ProofException for a size beyond the tree, or {@code fromSize > toSize}
     */
    ConsistencyProof consistency(long fromSize, long toSize, long size) {
        checkSize(fromSize, "old size", size);
        checkSize(toSize, "new size", size);
        if (fromSize > toSize) {
            throw new ProofException(ProofException.Reason.INCONSISTENT_SIZES,
                    "old size " + fromSize + " is larger than new size " + toSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (fromSize > 0 && fromSize < toSize) {
            subProof((int) fromSize, 0, (int) toSize, true, proof);
        }
        return new ConsistencyProof(fromSize, toSize, proof);
    }

    /** Refuses a tree size beyond the {@code size} leaves stored, naming what it is. */
    static void checkSize(long treeSize, String what, long size) {
        if (treeSize < 0 || treeSize > size) {
            throw new ProofException(ProofException.Reason.INDEX_OUT_OF_RANGE,
                    what + " " + treeSize + " is out of range for a tree of size " + size);
        }
    }

    /** MTH(D[lo:hi]) for 0 <= lo < hi, the leaves up to hi being stored. */
    byte[] rangeHash(int lo, int hi) {
        int n = hi - lo;
        if (Integer.bitCount(n) == 1 && lo % n == 0) {
            return subtrees.hash(Integer.numberOfTrailingZeros(n), lo / n);
        }
        int k = largestPowerOfTwoBelow(n);
        return MerkleTree.nodeHash(algorithm, rangeHash(lo, lo + k), rangeHash(lo + k, hi));
    }

    /** RFC 6962 PATH(m, D[lo:hi]), appended bottom-up. */
    void auditPath(int m, int lo, int hi, List<byte[]> out) {
        if (hi - lo <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(hi - lo);
        if (m < k) {
            auditPath(m, lo, lo + k, out);
            out.add(rangeHash(lo + k, hi));
        } else {
            auditPath(m - k, lo + k, hi, out);
            out.add(rangeHash(lo, lo + k));
        }
    }

    /** RFC 6962 SUBPROOF(m, D[lo:hi], b), appended bottom-up. */
    void subProof(int m, int lo, int hi, boolean wholeOldTree, List<byte[]> out) {
        int n = hi - lo;
        if (m == n) {
            if (!wholeOldTree) {
                out.add(rangeHash(lo, hi));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subProof(m, lo, lo + k, wholeOldTree, out);
            out.add(rangeHash(lo + k, hi));
        } else {
            subProof(m - k, lo + k, hi, false, out);
            out.add(rangeHash(lo, lo + k));
        }
    }

    /** The largest power of two strictly less than n, for n >= 2. */
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
