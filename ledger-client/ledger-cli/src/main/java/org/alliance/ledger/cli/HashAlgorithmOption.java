package org.alliance.ledger.cli;

import org.alliance.ledger.core.crypto.HashAlgorithm;
import picocli.CommandLine.Option;

/** The {@code --alg} option of hashing and Merkle commands (mixin). */
public final class HashAlgorithmOption {
    @Option(names = "--alg", paramLabel = "ALG", defaultValue = "sha256",
            description = "Hash algorithm: sha256 or sm3 (default: ${DEFAULT-VALUE}).")
    private HashAlgorithm algorithm;

    /**
     * Returns the chosen algorithm.
     *
     * @return the hash algorithm
     */
    public HashAlgorithm get() {
        return algorithm;
    }
}
