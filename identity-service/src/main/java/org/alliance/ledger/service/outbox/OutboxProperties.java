package org.alliance.ledger.service.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox worker settings ({@code alliance.outbox.*}).
 *
 * @param enabled whether the scheduled worker runs (tests switch it off and drive it by hand)
 * @param interval the pause between runs
 * @param batchSize the most records submitted in one ledger transaction
 * @param initialBackoff the wait before the first retry after a transient failure
 * @param maxBackoff the longest wait between retries
 * @param claimTimeout how long a claimed entry may stay SUBMITTED before another run takes it
 *     again (the worker that claimed it crashed)
 * @param clientId the client id the service's ledger caller reports, for attribution
 */
@ConfigurationProperties("alliance.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT2S") Duration interval,
        @DefaultValue("50") int batchSize, @DefaultValue("PT2S") Duration initialBackoff,
        @DefaultValue("PT5M") Duration maxBackoff, @DefaultValue("PT2M") Duration claimTimeout,
        @DefaultValue("identity-service") String clientId) {
    /** Checks ranges. */
    public OutboxProperties {
        if (batchSize < 1 || batchSize > 500) {
            throw new IllegalArgumentException("alliance.outbox.batch-size must be 1 to 500");
        }
    }
}
