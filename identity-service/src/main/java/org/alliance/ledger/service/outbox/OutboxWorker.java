package org.alliance.ledger.service.outbox;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.RuleException;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.storage.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves outbox entries to the ledger in batches.
 *
 * <p>Each run claims due entries (PENDING whose next attempt is due, or SUBMITTED whose claim has
 * timed out because a worker died), marks them SUBMITTED in a short transaction, submits them as
 * one ledger transaction, and marks the outcome. A record is always submitted with the same id
 * and bytes, and the ledger acknowledges an identical resubmission with the original location, so
 * a crash between submitting and marking leads to one more submission that writes nothing: no
 * loss and no duplicate.
 *
 * <p>A refusal by the rules ({@link RuleException}) is final: the entry becomes FAILED with the
 * code. Because a batch is atomic, a refused batch of several records is retried record by record
 * so that one bad record does not fail the others. Any other failure is transient: the entries go
 * back to PENDING with exponential backoff.
 */
@Component
public class OutboxWorker {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final String DUE = "((status = 'PENDING' and next_attempt_at <= ?) or (status = 'SUBMITTED' and updated_at <= ?))";

    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EvidenceLedger ledger;
    private final Clock clock;
    private final OutboxProperties properties;
    private final String org;
    private final String clientId;
    private final boolean skipLocked;

    /**
     * Creates the worker.
     *
     * @param outbox the outbox
     * @param jdbc the database
     * @param dataSource the data source, to learn whether it supports {@code SKIP LOCKED}
     * @param tx transactions
     * @param ledger the ledger
     * @param clock the clock
     * @param properties the worker settings
     * @param alliance the service settings: the org the caller acts for
     */
    public OutboxWorker(Outbox outbox, JdbcClient jdbc, DataSource dataSource, TransactionTemplate tx,
            EvidenceLedger ledger, Clock clock, OutboxProperties properties, AllianceProperties alliance) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
        this.clock = clock;
        this.properties = properties;
        this.org = alliance.org();
        this.clientId = properties.clientId();
        this.skipLocked = isPostgres(dataSource);
    }

    /**
     * Submits one batch of due entries.
     *
     * @return how many entries were claimed
     */
    public synchronized int runOnce() {
        List<OutboxEntry> claimed = claim();
        // One ledger transaction has one caller, so entries acting in different roles (an
        // attestation by the service, a forward by a clerk) go in separate transactions. Runs of
        // one role keep the outbox order: a case must reach the ledger after the attestation it
        // links to, and a step after its case.
        List<OutboxEntry> run = new ArrayList<>();
        for (OutboxEntry e : claimed) {
            if (!run.isEmpty() && run.get(0).callerRole() != e.callerRole()) {
                submit(run);
                run = new ArrayList<>();
            }
            run.add(e);
        }
        if (!run.isEmpty()) {
            submit(run);
        }
        return claimed.size();
    }

    /**
     * Runs until nothing is due (for tests and shutdown hooks).
     *
     * @return how many entries were claimed in all
     */
    public int drain() {
        int total = 0;
        for (int n = runOnce(); n > 0; n = runOnce()) {
            total += n;
        }
        return total;
    }

    /** Claims due entries in one short transaction, so a slow ledger never holds row locks. */
    List<OutboxEntry> claim() {
        return tx.execute(status -> {
            Instant now = clock.instant();
            Object due = Timestamps.of(now);
            Object stale = Timestamps.of(now.minus(properties.claimTimeout()));
            // On PostgreSQL, concurrent workers (several service instances) skip each other's rows;
            // elsewhere the conditional update below is the claim.
            List<Long> ids = jdbc.sql("select id from outbox where " + DUE + " order by id limit ?"
                            + (skipLocked ? " for update skip locked" : ""))
                    .params(due, stale, properties.batchSize()).query(Long.class).list();
            List<OutboxEntry> claimed = new ArrayList<>();
            for (long id : ids) {
                int updated = jdbc.sql("update outbox set status = 'SUBMITTED', attempts = attempts + 1, updated_at = ? "
                                + "where id = ? and " + DUE)
                        .params(due, id, due, stale).update();
                if (updated == 1) {
                    claimed.add(jdbc.sql("select * from outbox where id = ?").param(id).query(Outbox::map).single());
                }
            }
            return claimed;
        });
    }

    /** Submits entries that share one caller role as one transaction. */
    private void submit(List<OutboxEntry> entries) {
        List<SignedRecord> records = new ArrayList<>();
        for (OutboxEntry e : entries) {
            records.add(e.signedRecord());
        }
        try {
            BatchReceipt receipt = ledger.submit(new Caller(org, entries.get(0).callerRole(), clientId), records);
            for (int i = 0; i < entries.size(); i++) {
                BatchReceipt.Entry where = receipt.records().get(i);
                String txId = ledger.record(where.id()).map(StoredRecord::txId).orElse(where.batchId());
                outbox.markCommitted(entries.get(i).id(), txId, where.batchId());
            }
            LOG.info("committed {} outbox record(s){}", entries.size(),
                    receipt.wroteNothing() ? " (all already on the ledger)" : " in batch " + receipt.batchId());
        } catch (RuleException e) {
            if (entries.size() > 1) {
                LOG.warn("ledger refused a batch of {} ({}); submitting its records one by one", entries.size(), e.code());
                for (OutboxEntry entry : entries) {
                    submit(List.of(entry));
                }
            } else {
                LOG.warn("ledger refused outbox record {}: {}", entries.get(0).recordId(), e.toString());
                outbox.markFailed(entries.get(0).id(), e.code() + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            for (OutboxEntry entry : entries) {
                Instant next = clock.instant().plus(backoff(entry.attempts()));
                outbox.markRetry(entry.id(), e.getClass().getSimpleName() + ": " + e.getMessage(), next);
            }
            LOG.warn("ledger submission of {} outbox record(s) failed; will retry: {}", entries.size(), e.toString());
        }
    }

    /** Doubles from the initial backoff with each attempt, capped, so a long outage costs little. */
    Duration backoff(int attempts) {
        Duration d = properties.initialBackoff();
        for (int i = 1; i < attempts && d.compareTo(properties.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : d;
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return "PostgreSQL".equalsIgnoreCase(product);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the database product name", e);
        }
    }
}
