package org.alliance.ledger.core.merkle;

import java.security.MessageDigest;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * One digest per thread and algorithm. Creating a digest costs a provider lookup (SHA-256) or
 * buffer allocations (SM3), which cost more than the hash itself when every node hash made one.
 */
final class ThreadDigests {
    private static final ThreadLocal<MessageDigest[]> DIGESTS =
            ThreadLocal.withInitial(() -> new MessageDigest[HashAlgorithm.values().length]);

    private ThreadDigests() {
    }

    /** The calling thread's digest for {@code algorithm}, reset; use it up to {@code digest()} without calling out. */
    static MessageDigest get(HashAlgorithm algorithm) {
        MessageDigest[] digests = DIGESTS.get();
        MessageDigest digest = digests[algorithm.ordinal()];
        if (digest == null) {
            digest = algorithm.newDigest();
            digests[algorithm.ordinal()] = digest;
        } else {
            digest.reset();
        }
        return digest;
    }
}
