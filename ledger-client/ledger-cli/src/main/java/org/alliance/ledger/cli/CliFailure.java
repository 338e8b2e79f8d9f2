package org.alliance.ledger.cli;

/**
 * Ends a command with a one-line message on standard error and a chosen exit status. Commands
 * throw it instead of printing and returning, so that every error looks the same.
 */
public class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates a failure.
     *
     * @param exitCode the exit status, see {@link ExitCodes}
     * @param message the one-line message
     * @param cause the underlying exception, or {@code null}
     */
    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * A check that ran and failed: exit {@link ExitCodes#INVALID}.
     *
     * @param message what did not verify
     * @return the failure to throw
     */
    public static CliFailure invalid(String message) {
        return new CliFailure(ExitCodes.INVALID, message, null);
    }

    /**
     * Unusable input: exit {@link ExitCodes#USAGE}.
     *
     * @param message what is wrong with the input
     * @param cause the underlying exception, or {@code null}
     * @return the failure to throw
     */
    public static CliFailure input(String message, Throwable cause) {
        return new CliFailure(ExitCodes.USAGE, message, cause);
    }

    /**
     * Returns the exit status.
     *
     * @return the exit status
     */
    public int exitCode() {
        return exitCode;
    }
}
