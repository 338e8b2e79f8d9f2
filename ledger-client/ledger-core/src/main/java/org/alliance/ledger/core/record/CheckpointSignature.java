package org.alliance.ledger.core.record;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.ErrorCode;

/**
 * One member's signature over an alliance log checkpoint's canonical bytes: the producer's, or a
 * witness's co-signature (the same form, over the same bytes). Unlike a {@link RecordSignature}
 * it names its org, since a checkpoint carries the signatures of several.
 *
 * @param org the signing member's MSP id
 * @param alg {@code sm2} or {@code ecdsa-p256}
 * @param publicKey the signer's public key, base64 SubjectPublicKeyInfo DER
 * @param value the DER signature, base64
 */
public record CheckpointSignature(String org, String alg, String publicKey, String value) {
    /**
     * Checks the org, the algorithm name and the base64 encodings; whether the signature verifies
     * and whom the key belongs to is {@link #problem}'s job.
     *
     * @throws org.alliance.ledger.core.error.RuleException for a malformed field
     */
    public CheckpointSignature {
        Fields.mspId("org", org);
        try {
            SignatureAlgorithm.fromId(Fields.required("alg", alg));
        } catch (IllegalArgumentException e) {
            throw Fields.malformed("alg: " + e.getMessage());
        }
        Fields.base64("publicKey", publicKey, ErrorCode.BAD_SIGNATURE);
        Fields.base64("value", value, ErrorCode.BAD_SIGNATURE);
    }

    /**
     * Signs a checkpoint's canonical bytes.
     *
     * @param message the checkpoint's canonical bytes
     * @param org the signing member
     * @param signer its key
     * @return the signature
     */
    public static CheckpointSignature sign(byte[] message, String org, Signer signer) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new CheckpointSignature(org, signer.algorithm().id(), b64.encodeToString(signer.publicKey().getEncoded()),
                b64.encodeToString(signer.sign(message)));
    }

    /**
     * Checks this signature: the key is one trusted for {@link #org()}, of the named algorithm,
     * and the signature verifies over the message.
     *
     * @param message the checkpoint's canonical bytes
     * @param trusted whether a key is one of an org's (a trust store, or the keys the members
     *     registered in their agreements)
     * @return why the signature does not hold, or empty if it does
     */
    public Optional<String> problem(byte[] message, BiPredicate<String, PublicKey> trusted) {
        Objects.requireNonNull(message, "message");
        PublicKey key;
        try {
            key = Keys.publicKeyFromDer(Base64.getDecoder().decode(publicKey));
        } catch (CryptoException e) {
            return Optional.of(org + "'s public key is unreadable: " + e.getMessage());
        }
        if (!trusted.test(org, key)) {
            return Optional.of(org + " signed with a key that is not among its trusted keys");
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.fromId(alg);
        if (Keys.algorithmOf(key) != algorithm) {
            return Optional.of(org + "'s key is not an " + algorithm + " key");
        }
        boolean valid;
        try {
            valid = Signatures.verify(algorithm, key, message, Base64.getDecoder().decode(value));
        } catch (CryptoException e) {
            valid = false;
        }
        return valid ? Optional.empty() : Optional.of(org + "'s signature does not verify over the checkpoint");
    }
}
