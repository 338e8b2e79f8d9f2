package org.alliance.ledger.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reading, writing and generating the EC keys of the two accepted signature schemes.
 *
 * <p>Accepted input: private keys as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) or SEC 1
 * ({@code BEGIN EC PRIVATE KEY}); public keys as SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}) or
 * inside an X.509 certificate ({@code BEGIN CERTIFICATE}; only the key is used, validity and chain
 * are the trust store's business). Keys on any curve other than P-256 and SM2, RSA keys, encrypted
 * keys, several PEM objects in one text and damaged PEM are all refused with a {@link
 * CryptoException}. Output is always PKCS#8 and SubjectPublicKeyInfo PEM.
 */
public final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter().setProvider(Providers.BC);
    private static final Map<SignatureAlgorithm, X9ECParameters> CURVES = curves();

    private Keys() {
    }

    /**
     * Generates a fresh key pair.
     *
     * @param algorithm the scheme the keys are for
     * @return a new key pair
     */
    public static KeyPair generate(SignatureAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.BC);
            generator.initialize(new ECGenParameterSpec(algorithm.curveName()), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle cannot generate " + algorithm + " keys", e);
        }
    }

    /**
     * Reads an unencrypted private key.
     *
     * @param pem PEM text holding exactly one PKCS#8 or SEC 1 EC private key
     * @return the key
     * @throws CryptoException if the text is not such a key or the curve is not accepted
     */
    public static PrivateKey readPrivateKeyPem(String pem) {
        Object object = readSinglePemObject(pem);
        PrivateKeyInfo info;
        if (object instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (object instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            throw new CryptoException("encrypted private keys are not supported; decrypt it first "
                    + "(for example: openssl pkey -in KEY -out PLAIN.pem)");
        } else {
            throw new CryptoException("expected a private key PEM (BEGIN PRIVATE KEY) but found " + describe(object));
        }
        PrivateKey key;
        try {
            key = CONVERTER.getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException("unreadable private key: " + e.getMessage(), e);
        }
        algorithmOf(key);
        return key;
    }

    /**
     * Reads a public key from a SubjectPublicKeyInfo PEM or an X.509 certificate PEM.
     *
     * @param pem PEM text holding exactly one public key or certificate
     * @return the public key
     * @throws CryptoException if the text is not such a key or the curve is not accepted
     */
    public static PublicKey readPublicKeyPem(String pem) {
        Object object = readSinglePemObject(pem);
        if (object instanceof SubjectPublicKeyInfo spki) {
            return publicKeyFromInfo(spki);
        }
        if (object instanceof X509CertificateHolder certificate) {
            return publicKeyFromInfo(certificate.getSubjectPublicKeyInfo());
        }
        throw new CryptoException("expected a public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE) PEM but found "
                + describe(object));
    }

    /**
     * Decodes a DER SubjectPublicKeyInfo, as carried base64 in signed records.
     *
     * @param spki the DER bytes; must be exactly one strict-DER structure
     * @return the public key
     * @throws CryptoException if the bytes are not such a key or the curve is not accepted
     */
    public static PublicKey publicKeyFromDer(byte[] spki) {
        Objects.requireNonNull(spki, "spki");
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(spki));
            // Re-encoding must give the same bytes, so that one key has exactly one encoding.
            if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), spki)) {
                throw new CryptoException("public key is not in strict DER form");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CryptoException ce) {
                throw ce;
            }
            throw new CryptoException("malformed public key DER: " + e.getMessage(), e);
        }
        return publicKeyFromInfo(info);
    }

    /**
     * Writes a private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
     *
     * @param key a P-256 or SM2 private key
     * @return PEM text ending with a newline
     * @throws CryptoException if the key is not of an accepted scheme or cannot be exported
     */
    public static String toPem(PrivateKey key) {
        algorithmOf(key);
        return pem("PRIVATE KEY", encoded(key, "PKCS#8"));
    }

    /**
     * Writes a public key as SubjectPublicKeyInfo PEM ({@code BEGIN PUBLIC KEY}).
     *
     * @param key a P-256 or SM2 public key
     * @return PEM text ending with a newline
     * @throws CryptoException if the key is not of an accepted scheme
     */
    public static String toPem(PublicKey key) {
        algorithmOf(key);
        return pem("PUBLIC KEY", encoded(key, "X.509"));
    }

    /**
     * Returns the signature scheme a public key belongs to, judged by its curve parameters.
     *
     * @param key the key
     * @return {@link SignatureAlgorithm#ECDSA_P256} or {@link SignatureAlgorithm#SM2}
     * @throws CryptoException for RSA and other non-EC keys and for other curves
     */
    public static SignatureAlgorithm algorithmOf(PublicKey key) {
        return algorithmOfKey(key);
    }

    /**
     * Returns the signature scheme a private key belongs to, judged by its curve parameters.
     *
     * @param key the key
     * @return {@link SignatureAlgorithm#ECDSA_P256} or {@link SignatureAlgorithm#SM2}
     * @throws CryptoException for RSA and other non-EC keys and for other curves
     */
    public static SignatureAlgorithm algorithmOf(PrivateKey key) {
        return algorithmOfKey(key);
    }

    private static SignatureAlgorithm algorithmOfKey(Key key) {
        Objects.requireNonNull(key, "key");
        if (!(key instanceof ECKey ec) || ec.getParams() == null) {
            throw new CryptoException("unsupported " + key.getAlgorithm()
                    + " key: only EC keys on P-256 (ecdsa-p256) or SM2 (sm2) are accepted");
        }
        ECParameterSpec params = ec.getParams();
        // Compare the domain parameters rather than curve names or OIDs: the same curve reaches
        // us under several names (secp256r1, prime256v1, P-256) and from several providers.
        for (Map.Entry<SignatureAlgorithm, X9ECParameters> e : CURVES.entrySet()) {
            if (sameCurve(params, e.getValue())) {
                return e.getKey();
            }
        }
        throw new CryptoException("unsupported elliptic curve: only P-256 (ecdsa-p256) and SM2 (sm2) are accepted");
    }

    /**
     * Returns the order of the base point of the scheme's curve, for signature range checks.
     *
     * @param algorithm the scheme
     * @return the group order n
     */
    static BigInteger order(SignatureAlgorithm algorithm) {
        return CURVES.get(algorithm).getN();
    }

    private static boolean sameCurve(ECParameterSpec spec, X9ECParameters x9) {
        if (!(spec.getCurve().getField() instanceof ECFieldFp field)) {
            return false;
        }
        return field.getP().equals(x9.getCurve().getField().getCharacteristic())
                && spec.getCurve().getA().equals(x9.getCurve().getA().toBigInteger())
                && spec.getCurve().getB().equals(x9.getCurve().getB().toBigInteger())
                && spec.getGenerator().getAffineX().equals(x9.getG().getAffineXCoord().toBigInteger())
                && spec.getGenerator().getAffineY().equals(x9.getG().getAffineYCoord().toBigInteger())
                && spec.getOrder().equals(x9.getN());
    }

    private static Map<SignatureAlgorithm, X9ECParameters> curves() {
        Map<SignatureAlgorithm, X9ECParameters> map = new EnumMap<>(SignatureAlgorithm.class);
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            map.put(a, Objects.requireNonNull(ECNamedCurveTable.getByName(a.curveName()), a.curveName()));
        }
        return map;
    }

    private static PublicKey publicKeyFromInfo(SubjectPublicKeyInfo info) {
        PublicKey key;
        try {
            key = CONVERTER.getPublicKey(info);
        } catch (IOException | RuntimeException e) {
            throw new CryptoException("unreadable public key: " + e.getMessage(), e);
        }
        algorithmOf(key);
        return key;
    }

    private static Object readSinglePemObject(String pem) {
        Objects.requireNonNull(pem, "pem");
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object first = parser.readObject();
            if (first == null) {
                throw new CryptoException("no PEM object found (expected -----BEGIN ...----- armour)");
            }
            if (parser.readObject() != null) {
                throw new CryptoException("more than one PEM object in one key text");
            }
            return first;
        } catch (CryptoException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports damaged base64 and ASN.1 with a mix of checked and unchecked
            // exceptions; to the user they all mean the same thing.
            throw new CryptoException("malformed PEM: " + e.getMessage(), e);
        }
    }

    private static String describe(Object object) {
        if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            return "a private key";
        }
        if (object instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (object instanceof X509CertificateHolder) {
            return "a certificate";
        }
        return "an unsupported PEM object (" + object.getClass().getSimpleName() + ")";
    }

    private static byte[] encoded(Key key, String format) {
        byte[] der = key.getEncoded();
        if (der == null || !format.equals(key.getFormat())) {
            throw new CryptoException("key cannot be exported in " + format + " form");
        }
        return der;
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toString();
    }
}
