package org.alliance.ledger.core.ledger;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.alliance.ledger.core.rules.RulesConfig;
import org.alliance.ledger.core.state.WorldState;

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

    /**
     * The dry run every ledger implements the same way: each pending batch, then the candidate,
     * through the rules, each on a state that continues the one before it (so it sees the earlier
     * batches' writes) as a transaction of its own (batch ids are transaction ids and must not
     * collide). Where the states' writes go, and that they are dropped afterwards, is the ledger's
     * affair.
     *
     * @param first the state the first batch is applied on
     * @param next the state that continues a given one as a new transaction
     * @param config the rules' settings
     * @param pending the pending batches, oldest first
     * @param caller who would submit the candidate
     * @param records the candidate records
     * @param <S> the ledger's kind of state
     * @return the receipt the candidate would get
     * @throws org.alliance.ledger.core.error.RuleException if the rules refuse a pending batch or the
     *     candidate
     */
    public static <S extends WorldState> BatchReceipt dryRun(S first, UnaryOperator<S> next, RulesConfig config,
            List<PendingBatch> pending, Caller caller, List<SignedRecord> records) {
        S state = first;
        for (PendingBatch batch : pending) {
            new EvidenceRules(state, config).submit(batch.caller(), batch.records());
            state = next.apply(state);
        }
        return new EvidenceRules(state, config).submit(caller, records);
    }
}
