package org.alliance.ledger.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * The bookmarks of paginated partial-key queries, shared by every {@link WorldState} so that a
 * client sees one form from the embedded ledger and from Fabric, and a bookmark taken in one mode
 * of the chaincode continues a scan in the other.
 *
 * <p>A bookmark is the base64url form (no padding) of the full key of the first entry of the next
 * page; the empty bookmark means there is no further page. Encoding keeps a raw key with U+0000
 * separators out of transaction arguments and URLs.
 */
public final class Bookmarks {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Bookmarks() {
    }

    /**
     * The bookmark of the page that starts at {@code nextKey}.
     *
     * @param nextKey the first key of the next page, or empty if there is none
     * @return the bookmark, empty if {@code nextKey} is
     */
    public static String encode(String nextKey) {
        return nextKey.isEmpty() ? "" : ENCODER.encodeToString(nextKey.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a bookmark points at, checked against the query it is used with.
     *
     * @param bookmark a bookmark from {@link #encode}, or null or empty for the first page
     * @param prefix the composite-key prefix of the query
     * @return the key to continue from, or empty for the first page
     * @throws RuleException with {@link ErrorCode#MALFORMED_INPUT} if the bookmark is not base64url
     *     or belongs to another query
     */
    public static String decode(String bookmark, String prefix) {
        if (bookmark == null || bookmark.isEmpty()) {
            return "";
        }
        String key;
        try {
            key = new String(DECODER.decode(bookmark), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "bookmark is not valid base64url", e);
        }
        // A bookmark from another query would silently skip or repeat entries; refuse it instead.
        if (!key.startsWith(prefix)) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "bookmark does not belong to this query");
        }
        return key;
    }

    /**
     * Checks a requested page size.
     *
     * @param pageSize the requested number of entries per page
     * @throws RuleException with {@link ErrorCode#MALFORMED_INPUT} if it is below 1
     */
    public static void requirePageSize(int pageSize) {
        if (pageSize < 1) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "page size must be at least 1, got " + pageSize);
        }
    }

    /**
     * Cuts one page from a sorted view of the state: the entries under {@code prefix} from
     * {@code start} on. Values are copied, so the page does not share arrays with the view.
     *
     * @param sorted the entries, sorted by the state's key order
     * @param start the first key to include: the prefix itself or a decoded bookmark
     * @param prefix the composite-key prefix of the query
     * @param pageSize at most this many entries
     * @return the page, with the bookmark of the entry after it
     */
    public static Page<KeyValue> page(NavigableMap<String, byte[]> sorted, String start, String prefix, int pageSize) {
        List<KeyValue> items = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : sorted.tailMap(start, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (items.size() == pageSize) {
                return new Page<>(items, encode(e.getKey()));
            }
            items.add(new KeyValue(e.getKey(), e.getValue().clone()));
        }
        return new Page<>(items, "");
    }
}
