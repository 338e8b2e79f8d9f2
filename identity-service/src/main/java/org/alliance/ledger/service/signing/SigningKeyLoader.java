package org.alliance.ledger.service.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.service.config.DataDirectory;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Loads the service's signing key pair from a PEM file or a PKCS#12 store, or generates and keeps
 * a development SM2 key. The algorithm (SM2 or ECDSA P-256) follows from the key's curve.
 */
public final class SigningKeyLoader {
    /** File name of the generated development key in the data directory. */
    public static final String DEV_KEY_FILE = "signing.key";

    private SigningKeyLoader() {
    }

    /**
     * Loads the configured key, or the development key.
     *
     * @param properties the signing settings
     * @param dataDirectory where a development key is kept
     * @return the key pair
     * @throws IllegalStateException if the key cannot be read or has an unsupported algorithm
     */
    public static KeyPair load(SigningProperties properties, DataDirectory dataDirectory) {
        try {
            if (properties.keystore() != null) {
                return fromKeyStore(properties.keystore(), properties.keystorePassword(), properties.keyAlias());
            }
            String pem = properties.key() != null
                    ? Files.readString(properties.key(), StandardCharsets.US_ASCII)
                    : dataDirectory.privateFile(DEV_KEY_FILE, () -> Keys.toPem(Keys.generate(SignatureAlgorithm.SM2).getPrivate()));
            PrivateKey privateKey = Keys.readPrivateKeyPem(pem);
            return new KeyPair(derivePublic(privateKey), privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key", e);
        }
    }

    private static KeyPair fromKeyStore(Path file, String password, String alias) throws IOException {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12", new BouncyCastleProvider());
            store.load(in, pw);
            List<String> keyAliases = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keyAliases.add(a);
                }
            }
            String chosen = alias;
            if (chosen == null) {
                if (keyAliases.size() != 1) {
                    throw new IllegalStateException("key store " + file + " holds " + keyAliases.size()
                            + " keys; set alliance.signing.key-alias to one of " + keyAliases);
                }
                chosen = keyAliases.get(0);
            } else if (!keyAliases.contains(chosen)) {
                throw new IllegalStateException("key store " + file + " has no key entry '" + chosen + "'");
            }
            PrivateKey privateKey = (PrivateKey) store.getKey(chosen, pw);
            // Re-read through PEM so the key is the same provider type as keys from files.
            PrivateKey normalised = Keys.readPrivateKeyPem(Keys.toPem(privateKey));
            Certificate cert = store.getCertificate(chosen);
            PublicKey publicKey = cert != null ? Keys.readPublicKeyPem(pem(cert)) : derivePublic(normalised);
            if (Keys.algorithmOf(publicKey) != Keys.algorithmOf(normalised)) {
                throw new IllegalStateException("the certificate of '" + chosen + "' does not match its key");
            }
            return new KeyPair(publicKey, normalised);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static String pem(Certificate cert) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * The public key of a private key: the point d·G on the key's own curve, so that a PKCS#8 file
     * is sufficient on its own.
     *
     * @param privateKey an SM2 or P-256 private key
     * @return its public key
     */
    public static PublicKey derivePublic(PrivateKey privateKey) {
        SignatureAlgorithm alg = Keys.algorithmOf(privateKey);
        try {
            KeyFactory factory = KeyFactory.getInstance("EC", new BouncyCastleProvider());
            ECPrivateKey bc = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey.getEncoded()));
            ECParameterSpec spec = bc.getParameters();
            ECPoint q = spec.getG().multiply(bc.getD()).normalize();
            PublicKey raw = factory.generatePublic(new ECPublicKeySpec(q, spec));
            PublicKey key = Keys.publicKeyFromDer(raw.getEncoded());
            if (Keys.algorithmOf(key) != alg) {
                throw new IllegalStateException("derived public key has another algorithm than its private key");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key: " + e.getMessage(), e);
        }
    }
}
