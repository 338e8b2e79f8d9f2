package org.alliance.ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/**
 * The key the embedded node signs block headers with.
 *
 * @param algorithm the signature algorithm, given by the key's curve
 * @param privateKey the private key
 * @param publicKey the matching public key
 */
record NodeKey(SignatureAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
    /** The node key's file name in the data directory. */
    static final String FILE_NAME = "node.key";
    /** Creating a provider is costly, so one instance serves every key derivation. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** Checks that every part is present. */
    NodeKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Loads the node key from a configured PEM file, or from {@code node.key} in the data
     * directory, generating and saving one (mode 600 where the file system allows) on first use.
     *
     * @param dataDir the data directory
     * @param configured a PKCS#8 PEM file to use instead, or null
     * @param generate the algorithm of a generated key
     * @return the key
     * @throws LedgerTamperedException if the data directory's key file is not a canonical key PEM
     * @throws CryptoException if a configured key file is not an accepted private key
     */
    static NodeKey loadOrCreate(Path dataDir, Path configured, SignatureAlgorithm generate) {
        try {
            if (configured != null) {
                return of(Keys.readPrivateKeyPem(Files.readString(configured, StandardCharsets.US_ASCII)));
            }
            Path file = dataDir.resolve(FILE_NAME);
            if (Files.exists(file)) {
                return readOwn(file);
            }
            NodeKey key = of(Keys.generate(generate).getPrivate());
            writePrivate(file, Keys.toPem(key.privateKey()).getBytes(StandardCharsets.US_ASCII));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node key in " + dataDir, e);
        }
    }

    /**
     * Reads the data directory's own key file. It was written by this class, so it must be
     * exactly the canonical PEM of the key it holds; comparing catches any changed byte, even one
     * that a lenient PEM reader would skip or one in an optional part of PKCS#8 (such as an
     * embedded public key) that the key itself does not depend on.
     */
    private static NodeKey readOwn(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            NodeKey key = of(Keys.readPrivateKeyPem(new String(bytes, StandardCharsets.US_ASCII)));
            if (!Keys.toPem(key.privateKey()).equals(new String(bytes, StandardCharsets.US_ASCII))) {
                throw new CryptoException("the file is not in the canonical PEM form this ledger writes");
            }
            return key;
        } catch (CryptoException e) {
            throw new LedgerTamperedException(file, LedgerTamperedException.Failure.NODE_KEY, -1, 0,
                    "node key is unreadable: " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, byte[] pem) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, pem, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            Files.delete(tmp);
            throw e;
        }
        Files.delete(tmp);
    }

    /**
     * Completes a private key with its public key.
     *
     * @param privateKey an accepted EC private key
     * @return the node key
     */
    static NodeKey of(PrivateKey privateKey) {
        SignatureAlgorithm alg = Keys.algorithmOf(privateKey);
        if (!(privateKey instanceof ECPrivateKey ec)) {
            throw new CryptoException("the node key must be a Bouncy Castle EC key");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC", BC);
            // Rebuilt from the scalar alone, so the key's encoding depends on nothing else.
            PrivateKey canonical = factory.generatePrivate(new ECPrivateKeySpec(ec.getD(), ec.getParameters()));
            // The public point is d·G; PKCS#8 files need not carry it, so derive it.
            ECPublicKeySpec spec = new ECPublicKeySpec(ec.getParameters().getG().multiply(ec.getD()).normalize(),
                    ec.getParameters());
            PublicKey publicKey = Keys.publicKeyFromDer(factory.generatePublic(spec).getEncoded());
            return new NodeKey(alg, canonical, publicKey);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot derive the node's public key: " + e.getMessage(), e);
        }
    }

    /**
     * Signs bytes.
     *
     * @param message the bytes
     * @return base64 DER signature
     */
    String sign(byte[] message) {
        return Base64.getEncoder().encodeToString(Signatures.sign(algorithm, privateKey, message));
    }

    /**
     * The public key as carried in block headers.
     *
     * @return base64 DER SubjectPublicKeyInfo
     */
    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }
}
