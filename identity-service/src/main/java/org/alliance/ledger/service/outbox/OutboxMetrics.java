package org.alliance.ledger.service.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code alliance.outbox.entries{status}}: how many outbox entries are in each status. A growing
 * PENDING count means the ledger is not keeping up; any FAILED entry needs an operator.
 */
@Component
public class OutboxMetrics implements MeterBinder {
    private final JdbcClient jdbc;

    /**
     * Creates the binder.
     *
     * @param jdbc the database
     */
    public OutboxMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (OutboxStatus status : OutboxStatus.values()) {
            Gauge.builder("alliance.outbox.entries", () -> jdbc.sql("select count(*) from outbox where status = ?")
                            .param(status.name()).query(Long.class).single())
                    .tag("status", status.name())
                    .description("outbox entries by status")
                    .register(registry);
        }
    }
}
