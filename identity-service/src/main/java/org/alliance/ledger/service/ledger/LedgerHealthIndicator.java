package org.alliance.ledger.service.ledger;

import java.util.Locale;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code ledger}: the ledger kind and height, and the outbox
 * backlog. FAILED entries do not make the service DOWN (it still serves checks) but are reported,
 * because each one is an attestation that never reached the ledger.
 */
@Component("ledger")
public class LedgerHealthIndicator implements HealthIndicator {
    private final EvidenceLedger ledger;
    private final Outbox outbox;

    /**
     * Creates the indicator.
     *
     * @param ledger the configured ledger
     * @param outbox the outbox
     */
    public LedgerHealthIndicator(@Qualifier("evidenceLedger") EvidenceLedger ledger, Outbox outbox) {
        this.ledger = ledger;
        this.outbox = outbox;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (ledger instanceof EmbeddedLedger embedded) {
            health.withDetail("mode", "embedded").withDetail("height", embedded.height());
        }
        for (OutboxStatus status : OutboxStatus.values()) {
            health.withDetail("outbox" + status.name().charAt(0) + status.name().substring(1).toLowerCase(Locale.ROOT),
                    outbox.count(status));
        }
        return health.build();
    }
}
