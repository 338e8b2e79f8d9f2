package org.alliance.ledger.core.crypto;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Whatever signs a producer's records: a key held in memory ({@link #of(PrivateKey, PublicKey)}),
 * or a key that never leaves a hardware security module or a signing service, which implements
 * this interface around its own client. Records only need the algorithm, the public key that goes
 * into each signature, and DER signatures over the bytes given.
 */
public interface Signer {
    /**
     * The signature algorithm of the key.
     *
     * @return SM2 or ECDSA P-256
     */
    SignatureAlgorithm algorithm();

    /**
     * The public key that verifies this signer's signatures.
     *
     * @return the public key
     */
    PublicKey publicKey();

    /**
     * Signs a message with the algorithm's hash (SM3 with the standard user id for SM2, SHA-256 for
     * ECDSA P-256).
     *
     * @param message the bytes to sign
     * @return the DER signature
     * @throws CryptoException if signing fails
     */
    byte[] sign(byte[] message);

    /**
     * A signer over a key pair held in memory.
     *
     * @param keyPair the key pair
     * @return the signer
     */
    static Signer of(KeyPair keyPair) {
        return of(keyPair.getPrivate(), keyPair.getPublic());
    }

    /**
     * A signer over a private key held in memory.
     *
     * @param privateKey the signing key
     * @param publicKey its public key
     * @return the signer
     * @throws IllegalArgumentException if the two keys belong to different algorithms
     */
    static Signer of(PrivateKey privateKey, PublicKey publicKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        SignatureAlgorithm alg = Keys.algorithmOf(privateKey);
        if (Keys.algorithmOf(publicKey) != alg) {
            throw new IllegalArgumentException("private and public key belong to different algorithms");
        }
        return new Signer() {
            @Override
            public SignatureAlgorithm algorithm() {
                return alg;
            }

            @Override
            public PublicKey publicKey() {
                return publicKey;
            }

            @Override
            public byte[] sign(byte[] message) {
                return Signatures.sign(alg, privateKey, message);
            }
        };
    }
}
