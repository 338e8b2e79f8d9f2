package org.alliance.ledger.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.state.Bookmarks;
import org.alliance.ledger.core.state.CompositeKey;
import org.alliance.ledger.core.state.KeyOrder;
import org.alliance.ledger.core.state.KeyValue;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.core.state.WorldState;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link WorldState}, which every implementation runs against itself: reads of
 * own writes, isolation until commit, partial-key scans in code-point order with bookmarks, range
 * seeks, and refusals of bad input.
 *
 * <p>A subclass supplies transactions over one committed state: {@link #transact} runs a body in
 * a new writable transaction and commits it if the body returns, and {@link #read} runs a body on
 * a read-only view of the committed state, as queries do.
 */
public abstract class WorldStateContract {
    /** The transaction time the suite's transactions are given. */
    protected static final Instant TX_TIME = Instant.parse("2026-11-23T01:00:00Z");

    /**
     * Runs {@code body} in a new writable transaction at {@link #TX_TIME}, committing its writes
     * when it returns and discarding them when it throws.
     *
     * @param body what the transaction does
     * @param <T> the body's result
     * @return the body's result
     */
    protected abstract <T> T transact(Function<WorldState, T> body);

    /**
     * Runs {@code body} on a read-only view of the committed state.
     *
     * @param body the query
     * @param <T> its result
     * @return its result
     */
    protected abstract <T> T read(Function<WorldState, T> body);

    /**
     * The transaction time {@link #transact} gives its transactions.
     *
     * @return {@link #TX_TIME} unless the implementation's clock is another
     */
    protected Instant expectedTxTime() {
        return TX_TIME;
    }

    /** Keys whose order differs between UTF-16 and code points, and an unrelated neighbour each side. */
    private static final List<String> ATTRIBUTES = List.of("a", "b", "z", "\u00e9", "\u4e2d", "\uffef", "\ud83d\ude00");

    private Optional<String> committed(String key) {
        return read(ws -> ws.get(key).map(v -> new String(v, StandardCharsets.UTF_8)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void seedIndex() {
        transact(ws -> {
            for (String a : ATTRIBUTES) {
                for (int i = 0; i < 3; i++) {
                    ws.put(CompositeKey.of("idx", "org1", a, Integer.toString(i)), utf8("v" + i));
                }
            }
            ws.put(CompositeKey.of("idx", "org2", "a", "0"), utf8("neighbour"));
            ws.put(CompositeKey.of("idy", "org1", "a", "0"), utf8("other type"));
            ws.put("plain-key", utf8("plain"));
            return null;
        });
    }

    private static List<String> scan(WorldState ws, int pageSize, Function<String, Page<KeyValue>> page) {
        List<String> keys = new ArrayList<>();
        String bookmark = "";
        int pages = 0;
        do {
            Page<KeyValue> p = page.apply(bookmark);
            assertThat(p.items()).hasSizeLessThanOrEqualTo(pageSize);
            p.items().forEach(kv -> keys.add(kv.key()));
            bookmark = p.bookmark();
            assertThat(++pages).as("scan terminates").isLessThan(1000);
        } while (!bookmark.isEmpty());
        return keys;
    }

    private static List<String> expectedKeys(List<String> attributes) {
        List<String> keys = new ArrayList<>();
        for (String a : attributes) {
            for (int i = 0; i < 3; i++) {
                keys.add(CompositeKey.of("idx", "org1", a, Integer.toString(i)));
            }
        }
        keys.sort(KeyOrder.INSTANCE);
        return keys;
    }

    @Test
    void anAbsentKeyReadsAsEmptyAndATransactionReadsItsOwnWrites() {
        transact(ws -> {
            assertThat(ws.get("never-written")).isEmpty();
            ws.put("k", utf8("v1"));
            assertThat(ws.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v1")));
            return null;
        });
        assertThat(committed("k")).contains("v1");
    }

    @Test
    void writesBecomeVisibleOnlyWhenTheTransactionCommits() {
        transact(ws -> {
            ws.put("k", utf8("old"));
            return null;
        });
        assertThatThrownBy(() -> transact(ws -> {
            ws.put("k", utf8("new"));
            ws.put("k2", utf8("new"));
            assertThat(committed("k")).as("not visible before commit").contains("old");
            throw new IllegalStateException("the body fails");
        })).hasMessage("the body fails");
        assertThat(committed("k")).contains("old");
        assertThat(committed("k2")).isEmpty();
    }

    @Test
    void anEmptyValueIsRefusedBecauseFabricWouldTakeItForADelete() {
        assertThatThrownBy(() -> transact(ws -> {
            ws.put("k", new byte[0]);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(committed("k")).isEmpty();
    }

    @Test
    void anOwnedKeyReadsLikeAnyOther() {
        transact(ws -> {
            ws.putOwned("owned", utf8("decision"), "ChaozhouMSP");
            return null;
        });
        assertThat(committed("owned")).contains("decision");
    }

    @Test
    void aPartialKeyScanReturnsExactlyItsKeysInCodePointOrderAcrossPages() {
        seedIndex();
        for (int pageSize : new int[] {1, 2, 5, 1000}) {
            List<String> keys = read(ws -> scan(ws, pageSize,
                    b -> ws.byPartialKey("idx", List.of("org1"), pageSize, b)));
            assertThat(keys).as("page size %d", pageSize).isEqualTo(expectedKeys(ATTRIBUTES));
        }
    }

    @Test
    void aScanInsideATransactionMergesItsOwnWritesInOrder() {
        seedIndex();
        List<String> keys = transact(ws -> {
            ws.put(CompositeKey.of("idx", "org1", "c", "0"), utf8("new"));
            return scan(ws, 4, b -> ws.byPartialKey("idx", List.of("org1"), 4, b));
        });
        List<String> expected = new ArrayList<>(expectedKeys(ATTRIBUTES));
        expected.add(CompositeKey.of("idx", "org1", "c", "0"));
        expected.sort(KeyOrder.INSTANCE);
        assertThat(keys).isEqualTo(expected);
    }

    @Test
    void aSeekStartsAtTheFirstKeyAtOrAfterItsStart() {
        seedIndex();
        List<String> sorted = new ArrayList<>(ATTRIBUTES);
        sorted.sort(KeyOrder.INSTANCE);
        for (int i = 0; i < sorted.size(); i++) {
            String start = sorted.get(i);
            List<String> keys = read(ws -> scan(ws, 2,
                    b -> ws.seek("idx", List.of("org1"), List.of(start), 2, b)));
            assertThat(keys).as("seek to %s", start).isEqualTo(expectedKeys(sorted.subList(i, sorted.size())));
        }
        // Between two keys, and past the last one.
        List<String> fromC = read(ws -> scan(ws, 3, b -> ws.seek("idx", List.of("org1"), List.of("c"), 3, b)));
        assertThat(fromC).isEqualTo(expectedKeys(sorted.subList(sorted.indexOf("z"), sorted.size())));
        assertThat(read(ws -> ws.seek("idx", List.of("org1"), List.of("\ud83d\ude01"), 3, "")).items()).isEmpty();
        // No start attributes: the whole index.
        List<String> all = read(ws -> scan(ws, 3, b -> ws.seek("idx", List.of("org1"), List.of(), 3, b)));
        assertThat(all).isEqualTo(expectedKeys(ATTRIBUTES));
    }

    @Test
    void aBookmarkOfAnotherQueryOrNotABookmarkIsRefused() {
        seedIndex();
        String foreign = Bookmarks.encode(CompositeKey.of("idy", "org1", "a", "0"));
        refused(() -> read(ws -> ws.byPartialKey("idx", List.of("org1"), 2, foreign)));
        refused(() -> read(ws -> ws.byPartialKey("idx", List.of("org1"), 2, "%%% not base64 %%%")));
        refused(() -> read(ws -> ws.byPartialKey("idx", List.of("org1"), 0, "")));
    }

    @Test
    void aTransactionKnowsItsIdAndTime() {
        transact(ws -> {
            assertThat(ws.txId()).isNotBlank();
            assertThat(ws.txTime()).isEqualTo(expectedTxTime());
            return null;
        });
    }

    private static void refused(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RuleException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
    }
}
