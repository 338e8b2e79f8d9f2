package org.alliance.ledger.service.testkit;

import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.service.ledger.LedgerProperties;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The base of the {@link ServiceTest} classes: the shared application context and the beans
 * nearly every service test reaches for (MockMvc, the database, the controllable clock, the
 * outbox and its worker, the ledger, this service's record factory), and an {@link Api} for the
 * development users, so each test class declares only what is particular to it.
 */
@ServiceTest
public abstract class ServiceTestBase {
    /** Requests against the whole service. */
    @Autowired
    protected MockMvc mvc;
    /** The service database. */
    @Autowired
    protected JdbcClient jdbc;
    /** The service clock, moved by hand. */
    @Autowired
    protected MutableClock clock;
    /** The outbox. */
    @Autowired
    protected Outbox outbox;
    /** The outbox worker, drained by hand. */
    @Autowired
    protected OutboxWorker worker;
    /** The ledger the service writes to. */
    @Autowired
    protected EvidenceLedger ledger;
    /** This service's record factory (its org and signing key). */
    @Autowired
    protected RecordFactory service;
    /** The ledger settings, for the other demo members' keys. */
    @Autowired
    protected LedgerProperties ledgerProperties;
    /** Short API calls as the development users. */
    protected Api api;

    /** A fresh {@link Api} on this test's MockMvc. */
    @BeforeEach
    void newApi() {
        api = new Api(mvc);
    }

    /**
     * Starts each test with no outbox backlog left by earlier tests. Every write is judged after the
     * backlog, and a test that moved the shared clock by days would otherwise leave records the rules
     * refuse as too old (BAD_TIME), so that later writes answer 503 OUTBOX_BACKLOG_REFUSED until a
     * drain marks them FAILED.
     */
    @BeforeEach
    void drainBacklog() {
        worker.drain();
    }
}
