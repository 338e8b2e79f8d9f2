package org.alliance.ledger.service.outbox;

import java.time.Duration;
import org.alliance.ledger.core.record.RecordCodec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox worker settings ({@code alliance.outbox.*}).
 *
 * @param enabled whether the scheduled worker runs (tests switch it off and drive it by hand)
 * @param interval the pause between runs
 * @param batchSize the most records submitted in one ledger transaction, 1 to
 *     {@value org.alliance.ledger.core.record.RecordCodec#MAX_BATCH_RECORDS}
 * @param inFlight the most ledger transactions one run has in flight at once; a distributed
 *     ledger commits many transactions per block, so a run that waited for each commit in turn
 *     would leave it idle
 * @param batchWait how long the oldest due record may wait for a fuller batch: while fewer than
 *     {@code batchSize} records are due and the oldest was acknowledged less than this long ago,
 *     a run submits nothing; zero (the default) submits at once
 * @param initialBackoff the wait before the first retry after a transient failure
 * @param maxBackoff the longest wait between retries
 * @param claimTimeout how long a claimed entry may stay SUBMITTED before another run takes it
 *     again (the worker that claimed it crashed)
 * @param clientId the client id the service's ledger caller reports, for attribution
 */
@ConfigurationProperties("alliance.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT2S") Duration interval,
        @DefaultValue("50") int batchSize, @DefaultValue("8") int inFlight, @DefaultValue("PT0S") Duration batchWait,
        @DefaultValue("PT2S") Duration initialBackoff,
        @DefaultValue("PT5M") Duration maxBackoff, @DefaultValue("PT2M") Duration claimTimeout,
        @DefaultValue("identity-service") String clientId) {
    /** Checks ranges. */
    public OutboxProperties {
        if (batchSize < 1 || batchSize > RecordCodec.MAX_BATCH_RECORDS) {
            throw new IllegalArgumentException("alliance.outbox.batch-size must be 1 to " + RecordCodec.MAX_BATCH_RECORDS);
        }
        if (inFlight < 1 || inFlight > 256) {
            throw new IllegalArgumentException("alliance.outbox.in-flight must be 1 to 256");
        }
        if (batchWait.isNegative()) {
            throw new IllegalArgumentException("alliance.outbox.batch-wait must not be negative");
        }
    }
}
