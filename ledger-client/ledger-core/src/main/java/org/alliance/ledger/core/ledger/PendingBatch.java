package org.alliance.ledger.core.ledger;

import java.util.List;
import java.util.Objects;

import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;

/**
 * A transaction a client has decided to submit but the ledger may not have yet (for example a
 * service's outbox backlog), which a {@link EvidenceLedger#simulate dry run} applies before the
 * candidate so that the candidate is judged against the state it will really meet.
 *
 * @param caller who will submit it
 * @param records its records, at least one
 */
public record PendingBatch(Caller caller, List<SignedRecord> records) {
    /** Checks the batch has a caller and at least one record. */
    public PendingBatch {
        Objects.requireNonNull(caller, "caller");
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a pending batch needs at least one record");
        }
    }
}
