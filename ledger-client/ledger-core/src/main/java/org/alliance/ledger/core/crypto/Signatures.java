package org.alliance.ledger.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.util.Strings;

/**
 * Signing and verification with DER-encoded {@code SEQUENCE { r INTEGER, s INTEGER }} signatures.
 *
 * <p>Verification accepts only the strict DER encoding with {@code 0 < r, s < n}: BER variants,
 * padded integers and trailing bytes are refused before the signature is checked, so that a
 * signature has exactly one byte form and cannot be altered without invalidating it.
 */
public final class Signatures {
    /**
     * The SM2 signer identity used when none is agreed: the GM/T 0009 default, also OpenSSL 3's.
     */
    public static final String SM2_DEFAULT_USER_ID = "1234567812345678";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /**
     * Signs a message.
     *
     * @param algorithm the scheme; must match the key's curve
     * @param key the private key
     * @param message the bytes to sign (hashed by the scheme, not pre-hashed)
     * @return the DER signature
     * @throws CryptoException if the key does not belong to {@code algorithm} or cannot sign
     */
    public static byte[] sign(SignatureAlgorithm algorithm, PrivateKey key, byte[] message) {
        Objects.requireNonNull(message, "message");
        requireKeyFor(algorithm, Keys.algorithmOf(key));
        try {
            Signature signer = newSignature(algorithm);
            signer.initSign(key, RANDOM);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot sign with this " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a signature.
     *
     * @param algorithm the scheme; must match the key's curve
     * @param key the public key
     * @param message the signed bytes
     * @param derSignature the signature; anything other than strict DER simply fails
     * @return {@code true} only for a valid signature
     * @throws CryptoException if the key does not belong to {@code algorithm} or is unusable
     */
    public static boolean verify(SignatureAlgorithm algorithm, PublicKey key, byte[] message, byte[] derSignature) {
        Objects.requireNonNull(message, "message");
        requireKeyFor(algorithm, Keys.algorithmOf(key));
        if (derSignature == null || !isStrictDer(derSignature, Keys.order(algorithm))) {
            return false;
        }
        Signature verifier;
        try {
            verifier = newSignature(algorithm);
            verifier.initVerify(key);
            verifier.update(message);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot verify with this " + algorithm + " key: " + e.getMessage(), e);
        }
        try {
            return verifier.verify(derSignature);
        } catch (SignatureException | RuntimeException e) {
            return false;
        }
    }

    private static void requireKeyFor(SignatureAlgorithm wanted, SignatureAlgorithm actual) {
        Objects.requireNonNull(wanted, "algorithm");
        if (wanted != actual) {
            throw new CryptoException("key is a " + actual + " key but the algorithm is " + wanted);
        }
    }

    private static Signature newSignature(SignatureAlgorithm algorithm) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm.jcaName(), Providers.BC);
        if (algorithm == SignatureAlgorithm.SM2) {
            // Set explicitly rather than relying on the provider default, because the user id is
            // part of what is signed (through Z_A) and must match OpenSSL and GM/T 0009.
            signature.setParameter(new SM2ParameterSpec(Strings.toByteArray(SM2_DEFAULT_USER_ID)));
        }
        return signature;
    }

    private static boolean isStrictDer(byte[] signature, BigInteger order) {
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(signature);
            if (!(parsed instanceof ASN1Sequence sequence) || sequence.size() != 2) {
                return false;
            }
            for (ASN1Encodable element : sequence) {
                if (!(element instanceof ASN1Integer integer)) {
                    return false;
                }
                BigInteger value = integer.getValue();
                if (value.signum() <= 0 || value.compareTo(order) >= 0) {
                    return false;
                }
            }
            return Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
