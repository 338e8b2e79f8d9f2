package org.alliance.ledger.core.state;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a paginated query.
 *
 * @param items the entries of this page
 * @param bookmark where the next page starts; empty when there is no further page
 * @param <T> the entry type
 */
public record Page<T>(List<T> items, String bookmark) {
    /** Copies the items so the page is immutable. */
    public Page {
        items = List.copyOf(items);
        bookmark = bookmark == null ? "" : bookmark;
    }

    /**
     * Whether a further page exists.
     *
     * @return true if {@link #bookmark()} is non-empty
     */
    public boolean hasMore() {
        return !bookmark.isEmpty();
    }

    /**
     * Maps the entries, keeping the bookmark.
     *
     * @param f the mapping
     * @param <R> the new entry type
     * @return the mapped page
     */
    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), bookmark);
    }
}
