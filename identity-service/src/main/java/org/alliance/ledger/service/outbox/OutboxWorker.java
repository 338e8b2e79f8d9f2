package org.alliance.ledger.service.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.RuleException;
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
 * Moves outbox entries to the ledger in batches, each chain in the order its entries were
 * acknowledged.
 *
 * <p>Each run claims due entries (PENDING whose next attempt is due, or SUBMITTED whose claim has
 * timed out because a worker died), marks them SUBMITTED in a short transaction, submits them as
 * ledger transactions, and marks the outcome. A record is always submitted with the same id and
 * bytes, and the ledger acknowledges an identical resubmission with the original location, so a
 * crash between submitting and marking leads to one more submission that writes nothing: no loss
 * and no duplicate.
 *
 * <p>Order: entries that depend on each other share a chain ({@link OutboxChain}). An entry is
 * claimed only when no earlier entry of its chain, or of the chain it depends on, is still
 * unsettled (PENDING, waiting to retry, or SUBMITTED by a run in flight), unless that earlier entry
 * is claimed in the same run ahead of it. Within a run, an entry whose chain had a transient failure
 * earlier in the run is put back unsubmitted. So a step never overtakes the receipt it follows,
 * whatever the backoffs, outages and restarts, while independent chains never wait for each other.
 *
 * <p>A refusal by the rules ({@link RuleException}) is final: the entry becomes FAILED with the
 * code; an entry refused after an earlier entry of its chain failed says so. Because a batch is
 * atomic, a refused batch of several records is retried record by record so that one bad record
 * does not fail the others. Any other failure is transient: the entries go back to PENDING with
 * exponential backoff.
 */
@Component
public class OutboxWorker {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    /** How many unsettled entries one claim looks at, oldest first; beyond that they wait a run. */
    private static final int SCAN_LIMIT = 5000;
    private static final String DUE = "((status = 'PENDING' and next_attempt_at <= ?) or (status = 'SUBMITTED' and updated_at <= ?))";
    /** The chain of entries stored before chains were kept: every later entry waits behind them. */
    private static final String LEGACY = "";

    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EvidenceLedger ledger;
    private final Clock clock;
    private final OutboxProperties properties;
    private final String org;
    private final String clientId;
    private final boolean sharedDatabase;
    private boolean reclaimed;

    /**
     * Creates the worker.
     *
     * @param outbox the outbox
     * @param jdbc the database
     * @param dataSource the data source, to learn whether other service instances may share it
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
        this.sharedDatabase = isPostgres(dataSource);
    }

    /**
     * Claims due entries and submits them as up to {@code in-flight} ledger transactions at once,
     * each of up to {@code batch-size} records of one caller role, and waits until every one has
     * an outcome. The transactions of one run share no chain: an entry whose chain, or the chain
     * it depends on, is already in another transaction of the run goes back unsubmitted for the
     * next run, as do the entries of its chain after it. So transactions in flight together can
     * commit in any order without one overtaking another's predecessor.
     *
     * @return how many entries were claimed
     */
    public synchronized int runOnce() {
        reclaimOnce();
        if (waitingForAFullerBatch()) {
            return 0;
        }
        List<OutboxEntry> claimed = claim(properties.batchSize() * properties.inFlight());
        Set<String> stalled = ConcurrentHashMap.newKeySet();
        // Closing the executor waits for every transaction's outcome.
        try (ExecutorService inFlight = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<OutboxEntry> t : transactions(claimed, properties.inFlight(), stalled)) {
                inFlight.execute(() -> submit(t, stalled));
            }
        }
        return claimed.size();
    }

    /**
     * Runs until nothing is due, keeping up to {@code in-flight} transactions in flight all the
     * time: whenever one has its outcome, the freed place is filled from the entries due by then.
     * A claim never takes an entry whose chain has an entry in flight (that one is SUBMITTED, so
     * still unsettled), which is what keeps a chain in order while its neighbours overlap.
     *
     * @return how many entries were claimed in all
     */
    public synchronized int drain() {
        reclaimOnce();
        int total = 0;
        Set<String> stalled = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ExecutorCompletionService<Void> outcomes = new ExecutorCompletionService<>(pool);
            int running = 0;
            while (true) {
                int free = properties.inFlight() - running;
                int started = 0;
                boolean claimedAny = false;
                if (free > 0 && !waitingForAFullerBatch()) {
                    List<OutboxEntry> claimed = claim(properties.batchSize() * free);
                    claimedAny = !claimed.isEmpty();
                    total += claimed.size();
                    for (List<OutboxEntry> t : transactions(claimed, free, stalled)) {
                        outcomes.submit(() -> submit(t, stalled), null);
                        started++;
                    }
                    running += started;
                }
                if (running == 0 && !claimedAny) {
                    return total;
                }
                if (started == 0 && running > 0) {
                    awaitOutcome(outcomes.take());
                    running--;
                }
                for (Future<Void> f = outcomes.poll(); f != null; f = outcomes.poll()) {
                    awaitOutcome(f);
                    running--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("outbox worker interrupted; claimed entries in flight go back once their claim times out");
            return total;
        }
    }

    /** A transaction's task ended; one that threw left its entries SUBMITTED until their claim times out. */
    private static void awaitOutcome(Future<Void> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            LOG.error("an outbox transaction failed unexpectedly; its entries are claimed again after the claim timeout",
                    e.getCause());
        }
    }

    private void reclaimOnce() {
        if (!reclaimed) {
            // An embedded database is opened by one process only, so its SUBMITTED entries belong to
            // a worker that died; a shared one may have live workers elsewhere, whose claims time out.
            int n = sharedDatabase ? 0 : outbox.reclaimAfterRestart();
            if (n > 0) {
                LOG.info("{} outbox record(s) claimed before a restart are due again", n);
            }
            reclaimed = true;
        }
    }

    /**
     * The transactions to run side by side for claimed entries. Entries stored before chains were
     * kept wait for everything, so a claim holding one is submitted here and now, in order, one
     * caller role's run after the other, and gives none.
     */
    private List<List<OutboxEntry>> transactions(List<OutboxEntry> claimed, int most, Set<String> stalled) {
        if (claimed.stream().noneMatch(e -> e.chainKey() == null)) {
            return plan(claimed, most);
        }
        List<OutboxEntry> run = new ArrayList<>();
        for (OutboxEntry e : claimed) {
            if (!run.isEmpty() && run.get(0).callerRole() != e.callerRole()) {
                submit(run, stalled);
                run = new ArrayList<>();
            }
            run.add(e);
        }
        if (!run.isEmpty()) {
            submit(run, stalled);
        }
        return List.of();
    }

    /**
     * The run's transactions: claimed entries in claim order, grouped by caller role up to the
     * batch size and the batch's byte limit, no chain in two transactions. Entries that fit nowhere go back unsubmitted, and
     * every later entry of their chains with them.
     */
    private List<List<OutboxEntry>> plan(List<OutboxEntry> claimed, int most) {
        List<List<OutboxEntry>> transactions = new ArrayList<>();
        Map<String, List<OutboxEntry>> owner = new HashMap<>();
        Map<Role, List<OutboxEntry>> open = new EnumMap<>(Role.class);
        Map<List<OutboxEntry>, Integer> bytes = new IdentityHashMap<>();
        Set<String> deferred = new HashSet<>();
        for (OutboxEntry e : claimed) {
            List<String> keys = e.dependsOn() == null ? List.of(e.chainKey()) : List.of(e.chainKey(), e.dependsOn());
            int size = e.recordJson().getBytes(StandardCharsets.UTF_8).length;
            Set<List<OutboxEntry>> holders = Collections.newSetFromMap(new IdentityHashMap<>());
            keys.stream().map(owner::get).filter(Objects::nonNull).forEach(holders::add);
            List<OutboxEntry> target = null;
            if (keys.stream().noneMatch(deferred::contains) && holders.size() <= 1) {
                if (holders.size() == 1) {
                    List<OutboxEntry> holder = holders.iterator().next();
                    if (holder.get(0).callerRole() == e.callerRole() && fits(holder, bytes.get(holder), size)) {
                        target = holder;
                    }
                } else {
                    target = open.get(e.callerRole());
                    if (target == null || !fits(target, bytes.get(target), size)) {
                        target = null;
                        if (transactions.size() < most) {
                            target = new ArrayList<>();
                            transactions.add(target);
                            open.put(e.callerRole(), target);
                            bytes.put(target, 0);
                        }
                    }
                }
            }
            if (target == null) {
                outbox.release(e.id());
                deferred.addAll(keys);
                continue;
            }
            target.add(e);
            bytes.merge(target, size, Integer::sum);
            for (String k : keys) {
                owner.put(k, target);
            }
        }
        return transactions;
    }

    /** Whether one more record of this size keeps a transaction within the batch's count and bytes. */
    private boolean fits(List<OutboxEntry> transaction, int bytesSoFar, int size) {
        return transaction.size() < properties.batchSize() && bytesSoFar + size <= RecordCodec.MAX_INPUT_BYTES;
    }

    /**
     * Whether a run should wait for more records: fewer than a batch are due and the oldest of
     * them was acknowledged less than {@code batch-wait} ago.
     */
    private boolean waitingForAFullerBatch() {
        if (properties.batchWait().isZero()) {
            return false;
        }
        Instant now = clock.instant();
        return jdbc.sql("select count(*) as n, min(created_at) as oldest from outbox where status = 'PENDING' "
                        + "and next_attempt_at <= ?")
                .param(Timestamps.of(now))
                .query((rs, row) -> {
                    long n = rs.getLong("n");
                    Instant oldest = Timestamps.read(rs, "oldest");
                    return n > 0 && n < properties.batchSize() && oldest != null
                            && oldest.isAfter(now.minus(properties.batchWait()));
                }).single();
    }

    /**
     * Claims due entries whose chains are free, oldest first, in one short transaction, so a slow
     * ledger never holds row locks. The claim is a conditional update: when another instance's
     * worker got an entry first, the entry's chain waits for the rest of this claim.
     *
     * @param limit the most entries to claim
     */
    List<OutboxEntry> claim(int limit) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            Object due = Timestamps.of(now);
            Object stale = Timestamps.of(now.minus(properties.claimTimeout()));
            List<Unsettled> unsettled = jdbc.sql("select id, chain_key, depends_on, status, next_attempt_at, updated_at "
                            + "from outbox where status in ('PENDING', 'SUBMITTED') order by id limit ?")
                    .param(SCAN_LIMIT).query(Unsettled::map).list();
            Set<String> waiting = new HashSet<>();
            List<OutboxEntry> claimed = new ArrayList<>();
            for (Unsettled u : unsettled) {
                if (claimed.size() >= limit) {
                    break;
                }
                boolean free = !waiting.contains(LEGACY) && (u.chain() == null ? waiting.isEmpty()
                        : !waiting.contains(u.chain()) && (u.dependsOn() == null || !waiting.contains(u.dependsOn())));
                if (free && u.isDue(now, properties.claimTimeout())) {
                    int updated = jdbc.sql("update outbox set status = 'SUBMITTED', attempts = attempts + 1, "
                                    + "updated_at = ? where id = ? and " + DUE)
                            .params(due, u.id(), due, stale).update();
                    if (updated == 1) {
                        claimed.add(jdbc.sql("select * from outbox where id = ?").param(u.id()).query(Outbox::map).single());
                        continue;
                    }
                }
                waiting.add(u.chain() == null ? LEGACY : u.chain());
            }
            return claimed;
        });
    }

    /** The columns of an unsettled entry that a claim needs to decide. */
    private record Unsettled(long id, String chain, String dependsOn, OutboxStatus status, Instant nextAttemptAt,
            Instant updatedAt) {
        boolean isDue(Instant now, Duration claimTimeout) {
            return status == OutboxStatus.PENDING ? !nextAttemptAt.isAfter(now)
                    : !updatedAt.isAfter(now.minus(claimTimeout));
        }

        static Unsettled map(ResultSet rs, int row) throws SQLException {
            return new Unsettled(rs.getLong("id"), rs.getString("chain_key"), rs.getString("depends_on"),
                    OutboxStatus.valueOf(rs.getString("status")), Timestamps.read(rs, "next_attempt_at"),
                    Timestamps.read(rs, "updated_at"));
        }
    }

    /**
     * Submits entries that share one caller role as one transaction; entries whose chain stalled
     * earlier in this run go back unsubmitted, and a transient failure stalls the entries' chains.
     */
    private void submit(List<OutboxEntry> claimed, Set<String> stalled) {
        List<OutboxEntry> entries = new ArrayList<>();
        for (OutboxEntry e : claimed) {
            if (stalled.contains(LEGACY) || stalled.contains(chain(e)) || (e.dependsOn() != null && stalled.contains(e.dependsOn()))) {
                outbox.release(e.id());
                stalled.add(chain(e));
            } else {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            return;
        }
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
                    submit(List.of(entry), stalled);
                }
            } else {
                OutboxEntry entry = entries.get(0);
                String reason = e.code() + ": " + e.getMessage();
                Optional<OutboxEntry> before = outbox.failedPredecessor(entry);
                if (before.isPresent()) {
                    // The rule's code stays first, as clients read it; the note says what most
                    // likely caused it, naming the earlier record and only its code.
                    String first = before.get().lastError();
                    reason += " (it follows " + before.get().recordId() + ", which the ledger refused first: "
                            + (first == null ? "FAILED" : first.split(":", 2)[0]) + ")";
                }
                LOG.warn("ledger refused outbox record {}: {}", entry.recordId(), reason);
                outbox.markFailed(entry.id(), reason);
            }
        } catch (RuntimeException e) {
            for (OutboxEntry entry : entries) {
                Instant next = clock.instant().plus(backoff(entry.attempts()));
                outbox.markRetry(entry.id(), e.getClass().getSimpleName() + ": " + e.getMessage(), next);
                stalled.add(chain(entry));
            }
            LOG.warn("ledger submission of {} outbox record(s) failed; will retry: {}", entries.size(), e.toString());
        }
    }

    private static String chain(OutboxEntry e) {
        return e.chainKey() == null ? LEGACY : e.chainKey();
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
