package org.alliance.ledger.service.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code alliance.outbox.entries{status}}: how many outbox entries are in each status. A growing
 * PENDING count means the ledger is not keeping up; any FAILED entry needs an operator.
 */
@Component
public class OutboxMetrics implements MeterBinder {
    private final Outbox outbox;

    /**
     * Creates the binder.
     *
     * @param outbox the outbox
     */
    public OutboxMetrics(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (OutboxStatus status : OutboxStatus.values()) {
            Gauge.builder("alliance.outbox.entries", () -> outbox.count(status))
                    .tag("status", status.name())
                    .description("outbox entries by status")
                    .register(registry);
        }
    }
}
