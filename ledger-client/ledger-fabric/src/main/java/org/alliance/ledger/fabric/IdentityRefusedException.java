package org.alliance.ledger.fabric;

import java.nio.file.Path;

/**
 * A gateway peer refused a configured user's identity: its certificate was not issued by the CA
 * of the org it is configured for, or that org is not a member of the channel. A service
 * configured with another org's users stops here, before it acts for anyone.
 */
public final class IdentityRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String mspId;

    /**
     * Creates the exception.
     *
     * @param mspId the org the user is configured for
     * @param role the user's role
     * @param certificate the user's certificate file
     * @param peerAnswer what the peer said
     */
    public IdentityRefusedException(String mspId, String role, Path certificate, String peerAnswer) {
        super("the channel does not accept " + certificate + " as " + role + " of " + mspId
                + ": is it another org's identity? The peer said: " + peerAnswer);
        this.mspId = mspId;
    }

    /**
     * The org the refused user is configured for.
     *
     * @return the MSP id
     */
    public String mspId() {
        return mspId;
    }
}
