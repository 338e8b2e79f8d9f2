package org.alliance.ledger.service.alliancelog;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Anchoring in {@code /actuator/health}, where it is configured: UP while the node answers and the
 * contract accepts the anchors, {@value #DEGRADED_CODE} when the node is unreachable or the
 * contract refuses, with the anchorer's state and why. DEGRADED is not one of the statuses the
 * service's overall health is aggregated from, so the service stays UP (and HTTP 200): the ledger
 * works without anchoring, which catches up when the chain is back.
 */
@Component("anchoring")
@ConditionalOnProperty(prefix = "alliance.log.anchor", name = "url")
class AnchoringHealthIndicator implements HealthIndicator {
    /** The status of anchoring that does not work while the service does. */
    static final String DEGRADED_CODE = "DEGRADED";
    private static final Status DEGRADED = new Status(DEGRADED_CODE, "anchoring does not work; the ledger does");

    private final LogAnchoring anchoring;

    AnchoringHealthIndicator(LogAnchoring anchoring) {
        this.anchoring = anchoring;
    }

    @Override
    public Health health() {
        return anchoring.status().map(s -> (s.healthy() ? Health.up() : Health.status(DEGRADED)).withDetails(anchoring.view()).build())
                .orElseGet(() -> Health.unknown().withDetails(anchoring.view()).build());
    }
}
