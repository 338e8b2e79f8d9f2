package org.alliance.ledger.core.crypto;

/**
 * A key, certificate or algorithm that cannot be used: wrong format, unsupported curve, or a key
 * that does not belong to the requested algorithm. Never used for a signature that merely fails to
 * verify; that is an ordinary {@code false}.
 */
public class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a one-line explanation for the user
     */
    public CryptoException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message a one-line explanation for the user
     * @param cause the underlying failure
     */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
