package org.alliance.ledger.cli;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import picocli.CommandLine.Option;

/**
 * The optional {@code --alg} of signature commands (mixin). The key already says which scheme it
 * is for, so the option only guards against using the wrong key.
 */
public final class SignatureAlgorithmOption {
    @Option(names = "--alg", paramLabel = "ALG",
            description = "Signature algorithm: ecdsa-p256 or sm2 (default: the key's). SM2 uses SM3 and the "
                    + "user id 1234567812345678 (OpenSSL: -pkeyopt distid:1234567812345678).")
    private SignatureAlgorithm algorithm;

    /**
     * Returns the algorithm for a private key, checking it against {@code --alg}.
     *
     * @param key the key
     * @return the algorithm
     * @throws CliFailure if {@code --alg} names another scheme than the key's
     */
    public SignatureAlgorithm forKey(PrivateKey key) {
        return check(Keys.algorithmOf(key));
    }

    /**
     * Returns the algorithm for a public key, checking it against {@code --alg}.
     *
     * @param key the key
     * @return the algorithm
     * @throws CliFailure if {@code --alg} names another scheme than the key's
     */
    public SignatureAlgorithm forKey(PublicKey key) {
        return check(Keys.algorithmOf(key));
    }

    private SignatureAlgorithm check(SignatureAlgorithm ofKey) {
        if (algorithm != null && algorithm != ofKey) {
            throw CliFailure.input("--alg " + algorithm + " does not match the " + ofKey + " key", null);
        }
        return ofKey;
    }
}
