package org.alliance.ledger.core.ledger;

import java.util.Objects;

/**
 * A transaction's commit status: the block it is in and its validation code, which uses
 * Fabric's names on every ledger.
 *
 * @param transactionId the transaction id
 * @param blockNumber the block that holds it
 * @param validationCode the validation code, {@code VALID} when its writes took effect
 */
public record CommitStatus(String transactionId, long blockNumber, String validationCode) {
    /** The validation code of a transaction whose writes took effect. */
    public static final String VALID = "VALID";

    /** Checks that every part is present. */
    public CommitStatus {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(validationCode, "validationCode");
    }

    /**
     * Whether the transaction's writes took effect.
     *
     * @return true for {@code VALID}
     */
    public boolean valid() {
        return VALID.equals(validationCode);
    }
}
