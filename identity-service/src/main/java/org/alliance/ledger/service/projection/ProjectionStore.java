package org.alliance.ledger.service.projection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.RecordType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The projection tables and their checkpoint. Writes join the caller's transaction, so that a
 * batch's rows and the checkpoint after it commit together.
 */
@Repository
public class ProjectionStore {
    /** The checkpoint row of the case projections. */
    static final String CHECKPOINT = "ledger";
    private static final String CASE_COLUMNS = "case_id, agreement_id, item_code, accepting_org, home_org, state, "
            + "assisted, time_limit_days, received_at, deadline, completed_at, last_step_time, step_count";

    private final JdbcClient jdbc;
    private final Clock clock;

    /**
     * Creates the store.
     *
     * @param jdbc the service database
     * @param clock the clock for the checkpoint's update time
     */
    public ProjectionStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A checkpoint row that names no usable position. */
    static final class CorruptCheckpoint extends RuntimeException {
        CorruptCheckpoint(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The saved position.
     *
     * @return the position after the last projected batch, or empty if none is saved
     * @throws CorruptCheckpoint if the saved row is not a position
     */
    Optional<EventPosition> checkpoint() {
        return jdbc.sql("select block_number, transaction_id from projection_checkpoint where name = ?").param(CHECKPOINT)
                .query((rs, n) -> {
                    try {
                        return new EventPosition(rs.getLong(1), rs.getString(2));
                    } catch (RuntimeException e) {
                        throw new CorruptCheckpoint("the projection checkpoint (block " + rs.getLong(1) + ", transaction '"
                                + rs.getString(2) + "') is not a position: " + e.getMessage(), e);
                    }
                }).optional();
    }

    /**
     * Saves the position, in the caller's transaction.
     *
     * @param position the position after the batch just projected
     */
    void saveCheckpoint(EventPosition position) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int updated = jdbc.sql("update projection_checkpoint set block_number = ?, transaction_id = ?, updated_at = ? "
                + "where name = ?").params(position.blockNumber(), position.transactionId(), now, CHECKPOINT).update();
        if (updated == 0) {
            jdbc.sql("insert into projection_checkpoint (name, block_number, transaction_id, updated_at) values (?, ?, ?, ?)")
                    .params(CHECKPOINT, position.blockNumber(), position.transactionId(), now).update();
        }
    }

    /**
     * Whether any projection row exists.
     *
     * @return true if the case projection has rows
     */
    boolean hasRows() {
        return jdbc.sql("select count(*) from case_projection").query(Long.class).single() > 0;
    }

    /** Empties every projection and the checkpoint, and marks every outbox entry unprojected. */
    void clear() {
        jdbc.sql("delete from case_projection").update();
        jdbc.sql("delete from subject_projection").update();
        jdbc.sql("delete from recognition_projection").update();
        jdbc.sql("delete from projection_checkpoint").update();
        jdbc.sql("update outbox set projected = false where projected = true").update();
    }

    /**
     * Writes a case's current status.
     *
     * @param s the status the ledger holds
     */
    void upsertCase(CaseRow s) {
        Object[] values = {s.agreementId(), s.itemCode(), s.acceptingOrg(), s.homeOrg(), s.state().name(), s.assisted(),
            s.timeLimitDays(), s.receivedAt(), millis(s.receivedAt()), s.deadline(), millis(s.deadline()), s.completedAt(),
            s.completedAt() == null ? null : millis(s.completedAt()), s.lastStepTime(), s.stepCount(), s.caseId()};
        int updated = jdbc.sql("update case_projection set agreement_id = ?, item_code = ?, accepting_org = ?, home_org = ?, "
                + "state = ?, assisted = ?, time_limit_days = ?, received_at = ?, received_ms = ?, deadline = ?, "
                + "deadline_ms = ?, completed_at = ?, completed_ms = ?, last_step_time = ?, step_count = ? where case_id = ?")
                .params(values).update();
        if (updated == 0) {
            jdbc.sql("insert into case_projection (agreement_id, item_code, accepting_org, home_org, state, assisted, "
                    + "time_limit_days, received_at, received_ms, deadline, deadline_ms, completed_at, completed_ms, "
                    + "last_step_time, step_count, case_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(values).update();
        }
    }

    /**
     * Writes the ledger's view of one subject.
     *
     * @param kind what the subject is
     * @param id the subject's id
     * @param json the view, as the ledger's JSON
     */
    void putSubject(SubjectKind kind, String id, String json) {
        int updated = jdbc.sql("update subject_projection set view_json = ? where kind = ? and subject_id = ?")
                .params(json, kind.name(), id).update();
        if (updated == 0) {
            jdbc.sql("insert into subject_projection (kind, subject_id, view_json) values (?, ?, ?)")
                    .params(kind.name(), id, json).update();
        }
    }

    /**
     * The ids of the projected subjects of a kind, in id order.
     *
     * @param kind what the subjects are
     * @return their ids
     */
    List<String> subjectIds(SubjectKind kind) {
        return jdbc.sql("select subject_id from subject_projection where kind = ? order by subject_id")
                .param(kind.name()).query(String.class).list();
    }

    /**
     * The projected view of one subject.
     *
     * @param kind what the subject is
     * @param id the subject's id
     * @return the view's JSON, or empty if no projected batch touched it
     */
    Optional<String> subject(SubjectKind kind, String id) {
        return jdbc.sql("select view_json from subject_projection where kind = ? and subject_id = ?")
                .params(kind.name(), id).query(String.class).optional();
    }

    /**
     * Writes one recognition of a target.
     *
     * @param targetId the case or certificate recognised
     * @param recognitionId the recognition
     * @param json the ledger's view of it
     */
    void putRecognition(String targetId, String recognitionId, String json) {
        int updated = jdbc.sql("update recognition_projection set view_json = ? where target_id = ? and recognition_id = ?")
                .params(json, targetId, recognitionId).update();
        if (updated == 0) {
            jdbc.sql("insert into recognition_projection (target_id, recognition_id, view_json) values (?, ?, ?)")
                    .params(targetId, recognitionId, json).update();
        }
    }

    /**
     * A target's recognitions in recognition id order (the ledger's order), after a keyset cursor.
     *
     * @param targetId the case or certificate
     * @param afterId the last recognition id of the previous page, or null
     * @param limit at most this many
     * @return the views' JSON
     */
    List<String> recognitions(String targetId, String afterId, int limit) {
        return jdbc.sql("select view_json from recognition_projection where target_id = ? and recognition_id > ? "
                + "order by recognition_id limit ?").params(targetId, afterId == null ? "" : afterId, limit)
                .query(String.class).list();
    }

    /**
     * Whether this service's outbox holds a record of a subject, or one that depends on it, which
     * the projection has not passed yet.
     *
     * @param subject a ledger subject such as {@code certificate/<id>}
     * @return true if a view of the subject must be read through the ledger
     */
    boolean hasUnprojectedWrites(String subject) {
        return jdbc.sql("select count(*) from outbox where projected = false and (chain_key = ? or depends_on = ?)")
                .params(subject, subject).query(Long.class).single() > 0;
    }

    /**
     * Marks outbox entries whose records the projection has passed.
     *
     * @param recordIds the records of a projected batch
     */
    void markProjected(Collection<String> recordIds) {
        for (String id : recordIds) {
            jdbc.sql("update outbox set projected = true where record_id = ? and projected = false").param(id).update();
        }
    }

    /**
     * The cases of one side of an org in one state, in receipt order, after a keyset cursor.
     *
     * @param side which side {@code org} plays
     * @param org the org
     * @param state the state
     * @param after the cursor of the last row of the previous page, or null
     * @param limit at most this many rows
     * @return the rows
     */
    List<CaseRow> cases(CaseAction.Party side, String org, CaseState state, Cursor after, int limit) {
        String column = side == CaseAction.Party.HOME ? "home_org" : "accepting_org";
        String keyset = after == null ? "" : " and (received_ms > ? or (received_ms = ? and case_id > ?))";
        var spec = jdbc.sql("select " + CASE_COLUMNS + " from case_projection where " + column + " = ? and state = ?"
                + keyset + " order by received_ms, case_id limit ?").param(org).param(state.name());
        if (after != null) {
            spec = spec.param(after.millis()).param(after.millis()).param(after.caseId());
        }
        return spec.param(limit).query(ProjectionStore::caseRow).list();
    }

    /**
     * Cases that may be overdue or due by {@code horizonMillis}: open with a deadline up to the
     * horizon, or completed after their deadline; in deadline order after a keyset cursor. The
     * caller judges each with the exact times.
     *
     * @param region an org that accepts or decides them, or null for all
     * @param item an item code, or null for all
     * @param horizonMillis the latest deadline of an open case that counts
     * @param after the cursor of the last row of the previous page, or null
     * @param limit at most this many rows
     * @return the candidates
     */
    List<CaseRow> lateOrDueCases(String region, String item, long horizonMillis, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("select " + CASE_COLUMNS + " from case_projection where "
                + "((completed_ms is null and deadline_ms <= ?) or (completed_ms is not null and completed_ms > deadline_ms))");
        List<Object> params = new java.util.ArrayList<>(List.of(horizonMillis));
        filters(sql, params, region, item);
        if (after != null) {
            sql.append(" and (deadline_ms > ? or (deadline_ms = ? and case_id > ?))");
            params.add(after.millis());
            params.add(after.millis());
            params.add(after.caseId());
        }
        sql.append(" order by deadline_ms, case_id limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ProjectionStore::caseRow).list();
    }

    /**
     * The cases received in a period, in item, receipt and case id order: what the auditor's
     * durations against time limits are computed from.
     *
     * @param region an org that accepts or decides them, or null for all
     * @param item an item code, or null for all
     * @param fromMillis the earliest receipt time that counts
     * @param untilMillis the receipt times before this count
     * @param limit at most this many rows
     * @return the rows
     */
    List<CaseRow> casesReceived(String region, String item, long fromMillis, long untilMillis, int limit) {
        StringBuilder sql = new StringBuilder("select " + CASE_COLUMNS + " from case_projection where received_ms >= ? "
                + "and received_ms < ?");
        List<Object> params = new java.util.ArrayList<>(List.of(fromMillis, untilMillis));
        filters(sql, params, region, item);
        sql.append(" order by item_code, received_ms, case_id limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ProjectionStore::caseRow).list();
    }

    /** The region and item conditions the auditor's case views share. */
    private static void filters(StringBuilder sql, List<Object> params, String region, String item) {
        if (region != null) {
            sql.append(" and (accepting_org = ? or home_org = ?)");
            params.add(region);
            params.add(region);
        }
        if (item != null) {
            sql.append(" and item_code = ?");
            params.add(item);
        }
    }

    /**
     * The cases that this service's outbox holds records of which the projection has not passed:
     * views read these through the ledger and the outbox instead of the projection.
     *
     * @return the case ids
     */
    Set<String> casesWithUnprojectedWrites() {
        String prefix = RecordType.CASE.subjectKind() + "/";
        Set<String> out = new HashSet<>();
        jdbc.sql("select distinct chain_key from outbox where projected = false and chain_key like ?")
                .param(prefix + "%").query(String.class).list().forEach(k -> out.add(k.substring(prefix.length())));
        return out;
    }

    /**
     * How many cases are projected.
     *
     * @return the count
     */
    long caseCount() {
        return jdbc.sql("select count(*) from case_projection").query(Long.class).single();
    }

    private static CaseRow caseRow(ResultSet rs, int n) throws SQLException {
        return new CaseRow(rs.getString("case_id"), rs.getString("agreement_id"), rs.getString("item_code"),
                rs.getString("accepting_org"), rs.getString("home_org"), CaseState.valueOf(rs.getString("state")),
                rs.getBoolean("assisted"), rs.getInt("time_limit_days"), rs.getString("received_at"),
                rs.getString("deadline"), rs.getString("completed_at"), rs.getString("last_step_time"),
                rs.getInt("step_count"));
    }

    /** Milliseconds since the epoch, rounded down, so ordering and "up to" filters never drop an instant. */
    static long millis(String rfc3339) {
        return Instant.parse(rfc3339).toEpochMilli();
    }
}
