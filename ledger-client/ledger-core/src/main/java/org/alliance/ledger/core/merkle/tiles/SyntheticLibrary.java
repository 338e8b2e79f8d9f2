package org.alliance.ledger.core.merkle.tiles;

/**
 * A deterministic stand-in for a certificate library: certificate {@code i} of seed {@code s} has
 * the 32-byte hash made of four SplitMix64 outputs at positions {@code 4i} to {@code 4i+3} of the
 * stream of {@code s}. Any record can be computed directly, so a library of 10^8 certificates
 * costs nothing to store or to regenerate, and the same seed always gives the same library.
 */
public final class SyntheticLibrary {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;

    /**
     * Creates the library of a seed.
     *
     * @param seed any value
     */
    public SyntheticLibrary(long seed) {
        this.seed = seed;
    }

    /**
     * Writes the hashes of certificates {@code first} to {@code first + count - 1}.
     *
     * @param first the first certificate number
     * @param count how many
     * @param out receives {@code count * 32} bytes from {@code offset}
     * @param offset where to write the first one
     */
    public void fill(long first, int count, byte[] out, int offset) {
        for (int i = 0; i < count; i++) {
            long position = (first + i) * 4;
            for (int word = 0; word < 4; word++) {
                long v = mix(seed + (position + word + 1) * GOLDEN_GAMMA);
                int at = offset + i * TileStore.LEAF_BYTES + word * 8;
                for (int b = 0; b < 8; b++) {
                    out[at + b] = (byte) (v >>> (56 - 8 * b));
                }
            }
        }
    }

    /**
     * Returns the hash of one certificate.
     *
     * @param index the certificate number
     * @return 32 bytes
     */
    public byte[] hash(long index) {
        byte[] out = new byte[TileStore.LEAF_BYTES];
        fill(index, 1, out, 0);
        return out;
    }

    /** The SplitMix64 finalizer (Steele, Lea and Flood), a bijection with good avalanche. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
