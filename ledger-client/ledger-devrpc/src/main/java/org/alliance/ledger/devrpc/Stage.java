package org.alliance.ledger.devrpc;

import org.alliance.ledger.core.ledger.EndorsementException;
import org.alliance.ledger.core.ledger.EvaluationException;
import org.alliance.ledger.core.ledger.LedgerException;
import org.alliance.ledger.core.ledger.OrderingException;
import org.alliance.ledger.core.ledger.UnknownOutcomeException;
import org.alliance.ledger.core.ledger.ValidationException;

/** The failure stages as they travel over the RPC, so the client rethrows the same type. */
enum Stage {
    ENDORSEMENT, ORDERING, VALIDATION, UNKNOWN_OUTCOME, EVALUATION;

    static Stage of(LedgerException e) {
        return switch (e) {
            case EndorsementException x -> ENDORSEMENT;
            case OrderingException x -> ORDERING;
            case ValidationException x -> VALIDATION;
            case UnknownOutcomeException x -> UNKNOWN_OUTCOME;
            case EvaluationException x -> EVALUATION;
        };
    }

    /** The exception of this stage, named after the remote one (whose message already names the transaction). */
    LedgerException exception(String message, String transactionId, String validationCode, long blockNumber) {
        return switch (this) {
            case ENDORSEMENT -> new EndorsementException(message, transactionId, null);
            case ORDERING -> new OrderingException(message, transactionId, null);
            case VALIDATION -> new ValidationException(transactionId, validationCode, blockNumber);
            case UNKNOWN_OUTCOME -> new UnknownOutcomeException(message, transactionId, null);
            case EVALUATION -> new EvaluationException(message, transactionId, null);
        };
    }
}
