package org.alliance.ledger.service.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The API's pages (audit views and the case list): {@code pageSize} 1 to {@value #MAX_PAGE_SIZE} (default
 * {@value #DEFAULT_PAGE_SIZE}) and an opaque {@code bookmark}; anything else is 400
 * {@code BAD_PAGE}. Lists held in memory (a case's steps, a certificate's history) are cut with an
 * offset bookmark; ledger queries pass the ledger's bookmark through.
 *
 * @param pageSize the page size
 * @param bookmark the bookmark, empty for the first page
 */
public record Paging(int pageSize, String bookmark) {
    /** The largest page. */
    public static final int MAX_PAGE_SIZE = 100;
    /** The page size when none is given. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    private static final String OFFSET = "o:";

    /**
     * Checks the parameters.
     *
     * @param pageSize the requested size, or null
     * @param bookmark the bookmark, or null
     * @return the paging
     * @throws ApiException 400 BAD_PAGE
     */
    public static Paging of(Integer pageSize, String bookmark) {
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw badPage("pageSize must be 1 to " + MAX_PAGE_SIZE);
        }
        return new Paging(size, bookmark == null ? "" : bookmark);
    }

    /**
     * One page that holds a whole list, for exports: a view exported as evidence must be complete.
     *
     * @param size the list's length
     * @return the paging
     */
    public static Paging whole(int size) {
        return new Paging(Math.max(1, size), "");
    }

    /**
     * One page of a list held in memory.
     *
     * @param all the whole list
     * @param <T> the item type
     * @return the page; its bookmark is empty on the last page
     */
    public <T> Page<T> slice(List<T> all) {
        int from = offset();
        if (from > all.size()) {
            throw badPage("bookmark is past the end");
        }
        int to = Math.min(all.size(), from + pageSize);
        String next = to < all.size() ? encode(to) : "";
        return new Page<>(all.subList(from, to), next);
    }

    /**
     * One page of a ledger query; a bookmark the ledger cannot read is BAD_PAGE.
     *
     * @param query the query with this paging
     * @param <T> the item type
     * @return the page
     */
    public static <T> Page<T> ledger(Supplier<Page<T>> query) {
        try {
            return query.get();
        } catch (RuleException e) {
            if (e.code() == ErrorCode.MALFORMED_INPUT) {
                throw badPage("bookmark is not valid: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * One page of a projection view; a bookmark the view cannot read is BAD_PAGE.
     *
     * @param query the query with this paging
     * @param <T> the page type
     * @return the page
     */
    public static <T> T projection(Supplier<T> query) {
        try {
            return query.get();
        } catch (IllegalArgumentException e) {
            throw badPage("bookmark is not valid");
        }
    }

    private int offset() {
        if (bookmark.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
            if (!s.startsWith(OFFSET)) {
                throw badPage("bookmark is not valid");
            }
            int n = Integer.parseInt(s.substring(OFFSET.length()));
            if (n < 0) {
                throw badPage("bookmark is not valid");
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw badPage("bookmark is not valid");
        }
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((OFFSET + offset).getBytes(StandardCharsets.UTF_8));
    }

    static ApiException badPage(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "BAD_PAGE", detail);
    }
}
