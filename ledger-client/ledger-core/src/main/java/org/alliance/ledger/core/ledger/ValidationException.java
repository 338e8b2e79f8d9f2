package org.alliance.ledger.core.ledger;

import java.util.Objects;

/**
 * The transaction was ordered into a block but the peers marked it invalid, so none of its
 * writes took effect. {@code MVCC_READ_CONFLICT} means a transaction in an earlier block changed
 * what this one read. {@code ENDORSEMENT_POLICY_FAILURE} is what the same race gives when the
 * other transaction is earlier in the same block: the contract sets an owner-org endorsement
 * policy on the keys it writes, and Fabric invalidates a later write to a key whose policy an
 * earlier transaction of the block has just set. Either way submitting the same records again is
 * safe, because the rules judge them afresh.
 */
public final class ValidationException extends LedgerException {
    private final String validationCode;
    private final long blockNumber;

    public ValidationException(String transactionId, String validationCode, long blockNumber) {
        super("the transaction was committed invalid in block " + blockNumber + ": " + validationCode,
                transactionId, null);
        this.validationCode = Objects.requireNonNull(validationCode, "validationCode");
        this.blockNumber = blockNumber;
    }

    /**
     * The validation code, in Fabric's names.
     *
     * @return the code name, such as {@code MVCC_READ_CONFLICT} or {@code ENDORSEMENT_POLICY_FAILURE}
     */
    public String validationCode() {
        return validationCode;
    }

    /**
     * The block the invalid transaction is in.
     *
     * @return the block number
     */
    public long blockNumber() {
        return blockNumber;
    }
}
