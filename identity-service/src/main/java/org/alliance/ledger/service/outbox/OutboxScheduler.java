package org.alliance.ledger.service.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the outbox worker on a fixed delay unless {@code alliance.outbox.enabled=false}. */
@Component
@ConditionalOnProperty(name = "alliance.outbox.enabled", havingValue = "true", matchIfMissing = true)
public class OutboxScheduler {
    private final OutboxWorker worker;

    /**
     * Creates the scheduler.
     *
     * @param worker the worker
     */
    public OutboxScheduler(OutboxWorker worker) {
        this.worker = worker;
    }

    /** One scheduled run. */
    @Scheduled(fixedDelayString = "${alliance.outbox.interval:PT2S}")
    public void run() {
        worker.drain();
    }
}
