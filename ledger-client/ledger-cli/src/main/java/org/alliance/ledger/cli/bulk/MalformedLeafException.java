package org.alliance.ledger.cli.bulk;

/** A record of a hash file that is not a certificate hash; names the line (or record) and its text. */
public class MalformedLeafException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long line;

    /**
     * Creates the exception.
     *
     * @param line the one-based line (or record) number
     * @param message what is wrong, with the text of the line
     */
    public MalformedLeafException(long line, String message) {
        super(message);
        this.line = line;
    }

    /**
     * Returns the one-based line (hex form) or record (binary form) number.
     *
     * @return the number
     */
    public long line() {
        return line;
    }
}
