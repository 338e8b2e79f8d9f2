package org.alliance.ledger.service.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SM4-GCM (GB/T 32907 block cipher in Galois/Counter mode, via Bouncy Castle) for personal data
 * at rest. Each blob gets a fresh 96-bit IV, and the associated data binds the ciphertext to its
 * check and kind, so a blob copied onto another row fails to decrypt.
 */
public final class PiiCipher {
    /** SM4 keys are 128 bits. */
    public static final int KEY_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /**
     * Creates a cipher.
     *
     * @param key the 16-byte SM4 key
     */
    public PiiCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an SM4 key is " + KEY_BYTES + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "SM4");
    }

    /**
     * An encrypted blob.
     *
     * @param iv the IV
     * @param ciphertext the ciphertext with its tag
     */
    public record Sealed(byte[] iv, byte[] ciphertext) {
    }

    /**
     * Encrypts.
     *
     * @param plaintext the data
     * @param context what the data is (check id and kind), bound as associated data
     * @return the IV and ciphertext
     */
    public Sealed seal(byte[] plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return new Sealed(iv, run(Cipher.ENCRYPT_MODE, iv, plaintext, context));
    }

    /**
     * Decrypts.
     *
     * @param sealed the IV and ciphertext
     * @param context the context it was sealed with
     * @return the data
     * @throws IllegalStateException if the key, context or ciphertext is wrong
     */
    public byte[] open(Sealed sealed, String context) {
        return run(Cipher.DECRYPT_MODE, sealed.iv(), sealed.ciphertext(), context);
    }

    private byte[] run(int mode, byte[] iv, byte[] input, String context) {
        try {
            Cipher cipher = Cipher.getInstance("SM4/GCM/NoPadding", BC);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM4-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " failed: " + e.getMessage(), e);
        }
    }
}
