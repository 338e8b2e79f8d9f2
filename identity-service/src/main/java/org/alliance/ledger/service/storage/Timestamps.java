package org.alliance.ledger.service.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from {@code timestamp with time zone} columns. Both PostgreSQL's and H2's
 * drivers map that type to {@link OffsetDateTime}, and neither maps {@link Instant} the same way.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /**
     * The column value for an instant.
     *
     * @param instant the instant
     * @return it in UTC
     */
    public static OffsetDateTime of(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Reads an instant column.
     *
     * @param rs the row
     * @param column the column name
     * @return the instant, or null
     * @throws SQLException if the column cannot be read
     */
    public static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
