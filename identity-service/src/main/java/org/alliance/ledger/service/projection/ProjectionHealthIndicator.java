package org.alliance.ledger.service.projection;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The read model in {@code /actuator/health}: the projected position, whether it has caught up
 * with the ledger, and when and why it was last rebuilt. DOWN while the runner is failing.
 */
@Component("projections")
class ProjectionHealthIndicator implements HealthIndicator {
    private final ProjectionStatus status;

    ProjectionHealthIndicator(ProjectionStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        Health.Builder b = status.lastError().isPresent() ? Health.down().withDetail("error", status.lastError().get())
                : Health.up();
        status.position().ifPresent(p -> b.withDetail("block", p.blockNumber()).withDetail("transaction", p.transactionId()));
        b.withDetail("caughtUp", status.caughtUp()).withDetail("batchesSinceStart", status.batches());
        status.rebuiltAt().ifPresent(t -> b.withDetail("rebuiltAt", t.toString()));
        status.rebuildReason().ifPresent(r -> b.withDetail("rebuildReason", r));
        return b.build();
    }
}
