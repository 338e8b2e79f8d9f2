package org.alliance.ledger.service.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.fabric.FabricLedger;
import org.alliance.ledger.fabric.GatewayStatus;
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
        } else if (ledger instanceof FabricLedger fabric) {
            fabric(fabric, health);
        }
        for (OutboxStatus status : OutboxStatus.values()) {
            health.withDetail("outbox" + status.name().charAt(0) + status.name().substring(1).toLowerCase(Locale.ROOT),
                    outbox.count(status));
        }
        return health.build();
    }

    /**
     * Each configured user's gateway peer. A user whose calls moved off the org's own peer makes
     * the component say so ({@code failedOver}); the service still works through the other peer,
     * so it stays UP.
     */
    private static void fabric(FabricLedger fabric, Health.Builder health) {
        health.withDetail("mode", "fabric");
        List<Map<String, Object>> gateways = new ArrayList<>();
        boolean failedOver = false;
        for (GatewayStatus g : fabric.gateways()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("role", g.role());
            entry.put("peer", g.peer());
            entry.put("preferred", g.preferred());
            if (!Instant.EPOCH.equals(g.since())) {
                entry.put("since", g.since().toString());
            }
            if (g.lastUnreachable() != null) {
                entry.put("lastUnreachable", g.lastUnreachable());
                entry.put("lastUnreachableAt", g.lastUnreachableAt().toString());
            }
            failedOver |= !g.preferred();
            gateways.add(entry);
        }
        health.withDetail("failedOver", failedOver).withDetail("gateways", gateways);
    }
}
