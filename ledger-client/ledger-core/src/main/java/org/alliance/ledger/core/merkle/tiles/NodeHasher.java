package org.alliance.ledger.core.merkle.tiles;

import java.security.DigestException;
import java.security.MessageDigest;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * RFC 6962 leaf and node hashing into caller-owned arrays, for one thread. A build hashes about
 * two hashes per leaf; reusing one digest and writing into the tile buffers keeps the work at the
 * hash function itself rather than at allocation and provider lookup.
 */
final class NodeHasher {
    private final MessageDigest digest;
    private final int length;
    /** Prefix byte followed by up to two hashes: the input of one leaf or node hash. */
    private final byte[] input;
    private final byte[] scratch;

    NodeHasher(HashAlgorithm algorithm) {
        this.digest = algorithm.newDigest();
        this.length = algorithm.length();
        this.input = new byte[1 + 2 * length];
        this.scratch = new byte[TileStore.WIDTH * length];
    }

    /** Writes {@code H(0x00 || data[off, off + length))} at {@code out[outOff]}. */
    void leaf(byte[] data, int off, byte[] out, int outOff) {
        input[0] = 0x00;
        System.arraycopy(data, off, input, 1, length);
        finish(1 + length, out, outOff);
    }

    /** Writes {@code H(0x01 || left || right)} at {@code out[outOff]}; the output may overlap the inputs. */
    void node(byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
        input[0] = 0x01;
        System.arraycopy(left, leftOff, input, 1, length);
        System.arraycopy(right, rightOff, input, 1 + length, length);
        finish(1 + 2 * length, out, outOff);
    }

    /**
     * Writes the root of the complete subtree whose level hashes are {@code count} consecutive
     * hashes of {@code hashes}, from hash number {@code first}.
     *
     * @param count a power of two, at most one tile
     */
    void subtreeRoot(byte[] hashes, int first, int count, byte[] out, int outOff) {
        System.arraycopy(hashes, first * length, scratch, 0, count * length);
        for (int n = count; n > 1; n >>>= 1) {
            for (int i = 0; i < n / 2; i++) {
                node(scratch, 2 * i * length, scratch, (2 * i + 1) * length, scratch, i * length);
            }
        }
        System.arraycopy(scratch, 0, out, outOff, length);
    }

    /** Returns a new array with {@link #subtreeRoot}. */
    byte[] subtreeRoot(byte[] hashes, int first, int count) {
        byte[] out = new byte[length];
        subtreeRoot(hashes, first, count, out, 0);
        return out;
    }

    /** Returns {@code H(0x01 || left || right)} as a new array. */
    byte[] node(byte[] left, byte[] right) {
        byte[] out = new byte[length];
        node(left, 0, right, 0, out, 0);
        return out;
    }

    private void finish(int inputLength, byte[] out, int outOff) {
        digest.update(input, 0, inputLength);
        try {
            digest.digest(out, outOff, length);
        } catch (DigestException e) {
            throw new IllegalStateException("output buffer too small for a " + length + "-byte hash", e);
        }
    }
}
