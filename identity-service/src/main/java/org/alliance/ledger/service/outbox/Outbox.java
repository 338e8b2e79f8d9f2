package org.alliance.ledger.service.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.storage.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox table: records are stored here in the same transaction as the
 * business change, and only the worker talks to the ledger.
 */
@Component
public class Outbox {
    private static final int MAX_ERROR = 2000;

    private final JdbcClient jdbc;
    private final Clock clock;

    /**
     * Creates the outbox.
     *
     * @param jdbc the database
     * @param clock the clock
     */
    public Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Adds a signed record as PENDING, submitted with the service role; call inside the business
     * transaction.
     *
     * @param record the record
     */
    public void add(SignedRecord record) {
        add(record, Role.SERVICE);
    }

    /**
     * Adds a signed record as PENDING, to be submitted with the role of the person who acted (the
     * rules check it against the transition); call inside the business transaction.
     *
     * @param record the record
     * @param callerRole the ledger caller's role for this record
     */
    public void add(SignedRecord record, Role callerRole) {
        Instant now = clock.instant();
        OutboxChain chain = OutboxChain.of(record);
        jdbc.sql("insert into outbox (record_id, record_json, status, attempts, next_attempt_at, created_at, updated_at, "
                        + "caller_role, record_type, chain_key, depends_on) values (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)")
                .params(record.record().id(), new String(RecordCodec.toCanonicalJson(record), StandardCharsets.UTF_8),
                        OutboxStatus.PENDING.name(), Timestamps.of(now), Timestamps.of(now), Timestamps.of(now),
                        callerRole.name(), record.record().type().name(), chain.key(), chain.dependsOn())
                .update();
    }

    /**
     * Entries whose record id starts with a prefix, oldest first: the records of one subject
     * (a case, a certificate) that went through this outbox.
     *
     * @param recordIdPrefix the prefix; LIKE wildcards in it are escaped, so it matches literally
     * @return the entries, whatever their status
     */
    public List<OutboxEntry> withPrefix(String recordIdPrefix) {
        String pattern = recordIdPrefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%";
        return jdbc.sql("select * from outbox where record_id like ? escape '\\' order by id")
                .param(pattern).query(Outbox::map).list();
    }

    /**
     * Entries with a record id prefix that are still on their way (PENDING or SUBMITTED), oldest
     * first: the records of a subject that the ledger may not show yet.
     *
     * @param recordIdPrefix the prefix
     * @return the entries
     */
    public List<OutboxEntry> inFlight(String recordIdPrefix) {
        return withPrefix(recordIdPrefix).stream().filter(OutboxEntry::unsettled).toList();
    }

    /**
     * The backlog: every entry not yet known to be on the ledger (PENDING, including those waiting
     * to retry after a transient failure, and SUBMITTED), oldest first, which is the order the
     * worker claims them in. A dry run of the next write applies these first, so the write is
     * judged against the state the ledger will have once the worker has caught up.
     *
     * @return the entries
     */
    public List<OutboxEntry> backlog() {
        return jdbc.sql("select * from outbox where status in (?, ?) order by id")
                .params(OutboxStatus.PENDING.name(), OutboxStatus.SUBMITTED.name()).query(Outbox::map).list();
    }

    /**
     * The {@link #backlog()} without the entries of one record type (entries stored before the
     * type was recorded are kept), oldest first.
     *
     * @param leftOut the record type to leave out
     * @return the entries
     */
    public List<OutboxEntry> backlogWithout(RecordType leftOut) {
        return jdbc.sql("select * from outbox where status in (?, ?) and (record_type is null or record_type <> ?) "
                        + "order by id")
                .params(OutboxStatus.PENDING.name(), OutboxStatus.SUBMITTED.name(), leftOut.name())
                .query(Outbox::map).list();
    }

    /**
     * The entry of a record.
     *
     * @param recordId the record id
     * @return the entry, if the record went through this outbox
     */
    public Optional<OutboxEntry> find(String recordId) {
        return jdbc.sql("select * from outbox where record_id = ?").param(recordId).query(Outbox::map).optional();
    }

    /**
     * Every entry, oldest first (for operators and tests).
     *
     * @return the entries
     */
    public List<OutboxEntry> all() {
        return jdbc.sql("select * from outbox order by id").query(Outbox::map).list();
    }

    /**
     * How many entries are in a status.
     *
     * @param status the status
     * @return the count
     */
    public long count(OutboxStatus status) {
        return jdbc.sql("select count(*) from outbox where status = ?").param(status.name()).query(Long.class).single();
    }

    void markCommitted(long id, String txId, String batchId) {
        jdbc.sql("update outbox set status = ?, tx_id = ?, batch_id = ?, last_error = null, updated_at = ? where id = ?")
                .params(OutboxStatus.COMMITTED.name(), txId, batchId, Timestamps.of(clock.instant()), id).update();
    }

    void markFailed(long id, String error) {
        jdbc.sql("update outbox set status = ?, last_error = ?, updated_at = ? where id = ?")
                .params(OutboxStatus.FAILED.name(), truncate(error), Timestamps.of(clock.instant()), id).update();
    }

    /**
     * Puts a claimed entry back without counting the attempt: an earlier entry of its chain failed
     * transiently in the same run, so submitting this one now would overtake it.
     */
    void release(long id) {
        jdbc.sql("update outbox set status = ?, attempts = attempts - 1 where id = ? and status = ?")
                .params(OutboxStatus.PENDING.name(), id, OutboxStatus.SUBMITTED.name()).update();
    }

    /**
     * The failed entry, if any, that an entry follows in its chain or in the chain it depends on:
     * the reason a refusal of the entry is most likely a consequence, not a fault of its own.
     */
    Optional<OutboxEntry> failedPredecessor(OutboxEntry entry) {
        return jdbc.sql("select * from outbox where id < ? and status = ? and (chain_key = ? or chain_key = ?) "
                        + "order by id desc limit 1")
                .params(entry.id(), OutboxStatus.FAILED.name(), entry.chainKey(),
                        entry.dependsOn() == null ? entry.chainKey() : entry.dependsOn())
                .query(Outbox::map).optional();
    }

    /**
     * After a restart of a single-node database nobody else can be holding a claim: SUBMITTED
     * entries are this process's predecessor's, which died before marking them, so they are due
     * again at once instead of after the claim timeout.
     *
     * @return how many entries were put back
     */
    int reclaimAfterRestart() {
        return jdbc.sql("update outbox set status = ?, updated_at = ? where status = ?")
                .params(OutboxStatus.PENDING.name(), Timestamps.of(clock.instant()), OutboxStatus.SUBMITTED.name())
                .update();
    }

    void markRetry(long id, String error, Instant nextAttempt) {
        jdbc.sql("update outbox set status = ?, last_error = ?, next_attempt_at = ?, updated_at = ? where id = ?")
                .params(OutboxStatus.PENDING.name(), truncate(error), Timestamps.of(nextAttempt),
                        Timestamps.of(clock.instant()), id).update();
    }

    static OutboxEntry map(ResultSet rs, int row) throws SQLException {
        return new OutboxEntry(rs.getLong("id"), rs.getString("record_id"), rs.getString("record_json"),
                OutboxStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getString("tx_id"), rs.getString("batch_id"), Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "updated_at"), Role.valueOf(rs.getString("caller_role")), rs.getString("chain_key"),
                rs.getString("depends_on"));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }
}
