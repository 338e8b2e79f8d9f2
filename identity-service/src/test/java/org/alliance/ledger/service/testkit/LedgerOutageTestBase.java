package org.alliance.ledger.service.testkit;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tests that cut the ledger off from submissions ({@link FlakyLedger}) while writes go on, then
 * bring it back: after each test the ledger answers again, the clock passes every retry backoff and
 * the worker drains the outbox, so the next test starts with nothing waiting.
 */
public abstract class LedgerOutageTestBase extends ServiceTestBase {
    /** The ledger as the service sees it, whose submissions a test can make fail. */
    @Autowired
    protected FlakyLedger flaky;

    @AfterEach
    protected void heal() {
        flaky.mode(FlakyLedger.Mode.NORMAL);
        clock.advance(Duration.ofMinutes(10));
        worker.drain();
    }
}
