package org.alliance.ledger.core.log;

import java.util.List;
import java.util.Optional;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;

/**
 * Where a {@link Witness} keeps the last checkpoint it co-signed, per log (alliance id). A witness
 * that forgot it could be led to co-sign a shorter or rewritten history, so a store must keep a
 * saved checkpoint across restarts and replace it atomically. It also keeps the refusals that show
 * a member signing a history that conflicts with one co-signed, which are evidence.
 */
public interface WitnessStateStore {
    /**
     * The last checkpoint co-signed for a log.
     *
     * @param allianceId the log
     * @return the checkpoint, or empty if the witness never co-signed one for this log
     * @throws IllegalStateException if the stored state exists but cannot be read: a witness must
     *     not start over from nothing when its memory is damaged
     */
    Optional<SignedCheckpoint> load(String allianceId);

    /**
     * Replaces the last co-signed checkpoint of its log; returns only once the new one is durable.
     *
     * @param checkpoint the checkpoint just co-signed
     * @throws java.io.UncheckedIOException if it cannot be stored; the old state is then kept
     */
    void save(SignedCheckpoint checkpoint);

    /**
     * Keeps a refusal that shows conflicting histories, as evidence; returns once it is durable.
     * The same refusal kept again is kept once.
     *
     * @param refusal the refusal
     * @throws java.io.UncheckedIOException if it cannot be stored
     */
    void recordRefusal(WitnessRefusal refusal);

    /**
     * The refusals kept for a log, oldest first.
     *
     * @param allianceId the log
     * @return the refusals
     * @throws IllegalStateException if a kept refusal cannot be read
     */
    List<WitnessRefusal> refusals(String allianceId);
}
