package org.alliance.ledger.service.projection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A position in a projection view's order: the ordering time in milliseconds and the case id of
 * a row. Its bookmark form is opaque to clients.
 *
 * @param millis the ordering time of the row
 * @param caseId the case id of the row
 */
public record Cursor(long millis, String caseId) implements Comparable<Cursor> {
    private static final String PREFIX = "p1:";

    /** Checks the case id is present. */
    public Cursor {
        Objects.requireNonNull(caseId, "caseId");
    }

    @Override
    public int compareTo(Cursor o) {
        int c = Long.compare(millis, o.millis);
        return c != 0 ? c : caseId.compareTo(o.caseId);
    }


    String bookmark() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (PREFIX + millis + ":" + caseId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a bookmark.
     *
     * @param bookmark a bookmark from {@link #bookmark()}, or empty for the first page
     * @return the cursor, or null for the first page
     * @throws IllegalArgumentException if it is not a bookmark of a projection view
     */
    static Cursor parse(String bookmark) {
        if (bookmark == null || bookmark.isEmpty()) {
            return null;
        }
        String s = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
        if (!s.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a bookmark of this view");
        }
        int colon = s.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new IllegalArgumentException("not a bookmark of this view");
        }
        return new Cursor(Long.parseLong(s.substring(PREFIX.length(), colon)), s.substring(colon + 1));
    }
}
