package org.alliance.ledger.service.projection;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.alliance.ledger.core.ledger.EventPosition;

/**
 * One page of a projection view, read in one transaction.
 *
 * @param rows the projected rows, in the view's order
 * @param unprojected the case ids among all cases (not only these rows) with writes of this
 *     service the projection has not passed yet: read those through the ledger and the outbox
 * @param bookmark the next page's bookmark, empty on the last page
 * @param projectedThrough the position after the last batch the projection holds
 * @param after the position the page starts after, or null for the first page
 * @param through the position of the page's last row, or null on the last page (which runs to the end)
 * @param <T> the row type
 */
public record ProjectedPage<T>(List<T> rows, Set<String> unprojected, String bookmark,
        Optional<EventPosition> projectedThrough, Cursor after, Cursor through) {
    /** Copies the collections. */
    public ProjectedPage {
        rows = List.copyOf(rows);
        unprojected = Set.copyOf(unprojected);
    }

    /**
     * Whether a row at this position belongs on this page, so that a row the caller adds from
     * its overlay appears on exactly one page.
     *
     * @param position the row's position in the view's order
     * @return true if it is after the page's start and not after its last row
     */
    public boolean covers(Cursor position) {
        return (after == null || position.compareTo(after) > 0) && (through == null || position.compareTo(through) <= 0);
    }
}
