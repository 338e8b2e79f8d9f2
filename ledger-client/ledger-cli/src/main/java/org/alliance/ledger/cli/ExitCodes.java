package org.alliance.ledger.cli;

/** Exit statuses of every command; scripts depend on them, so they never change meaning. */
public final class ExitCodes {
    /** Success; for verification commands: the signature or proof is valid. */
    public static final int OK = 0;
    /** A signature, proof or bundle was checked and does not verify. */
    public static final int INVALID = 1;
    /** Bad usage or input: unknown option, unreadable file, malformed key, hex or JSON. */
    public static final int USAGE = 2;
    /** A bug: an exception nobody anticipated (sysexits EX_SOFTWARE). */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
