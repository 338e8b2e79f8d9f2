package org.alliance.ledger.core.merkle.tiles;

/** A tiles directory that cannot be used as asked: not a tiles directory, another algorithm, a missing tile. */
public class TileStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the directory or file
     */
    public TileStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, naming the directory or file
     * @param cause the underlying exception
     */
    public TileStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
