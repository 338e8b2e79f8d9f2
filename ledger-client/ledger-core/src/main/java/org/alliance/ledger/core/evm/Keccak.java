package org.alliance.ledger.core.evm;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Ethereum's Keccak-256: the original Keccak padding, not SHA3-256's. */
public final class Keccak {
    private Keccak() {
    }

    /**
     * The Keccak-256 of the bytes.
     *
     * @param data the bytes
     * @return the 32-byte hash
     */
    public static byte[] hash(byte[] data) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
