package org.alliance.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.state.CompositeKey;
import org.alliance.ledger.core.state.KeyValue;
import org.alliance.ledger.core.state.Page;
import org.junit.jupiter.api.Test;

class TransactionBufferTest {
    private static final Instant T = Instant.parse("2026-11-22T08:30:00Z");

    private final StateStore store = new StateStore();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void commit(String... keysAndValues) {
        TransactionBuffer tx = TransactionBuffer.begin(store, "setup", T);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tx.put(keysAndValues[i], b(keysAndValues[i + 1]));
        }
        store.apply(tx.writeSet());
    }

    @Test
    void readsSeeCommittedStateAndOwnWritesButOthersDoNot() {
        commit("a", "1");
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        tx.put("a", b("2"));
        tx.put("b", b("3"));

        assertThat(tx.get("a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
        assertThat(tx.get("b")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("3")));
        assertThat(store.get("a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
        assertThat(store.get("b")).isEmpty();
        assertThat(TransactionBuffer.readOnly(store, T).get("b")).isEmpty();
    }

    @Test
    void discardedBufferChangesNothing() {
        commit("a", "1");
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        tx.put("a", b("changed"));
        // The buffer is simply dropped, as the ledger does on a RuleException.
        assertThat(store.get("a")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void writeSetIsSortedByCodePointAndKeepsOwner() {
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        tx.put("\uD83D\uDE00", b("emoji"));
        tx.put("\uFF21", b("fullwidth A"));
        tx.putOwned("b", b("x"), "ChaozhouMSP");
        tx.put("a", b("y"));

        List<WriteSet.Write> writes = tx.writeSet().writes();
        assertThat(writes).extracting(WriteSet.Write::key).containsExactly("a", "b", "\uFF21", "\uD83D\uDE00");
        assertThat(writes.get(1).owner()).isEqualTo("ChaozhouMSP");
        assertThat(writes.get(0).owner()).isEmpty();
    }

    @Test
    void valuesAreCopiedSoCallersCannotChangeState() {
        byte[] v = b("abc");
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        tx.put("k", v);
        v[0] = 'X';
        tx.get("k").orElseThrow()[1] = 'Y';
        assertThat(tx.get("k")).hasValueSatisfying(x -> assertThat(x).isEqualTo(b("abc")));
    }

    @Test
    void partialKeyQueryMergesCommittedAndOwnWritesAndPages() {
        for (int i = 0; i < 5; i++) {
            commit(CompositeKey.of("rec", "r" + i), "committed" + i);
        }
        commit(CompositeKey.of("recx", "other"), "not a match");
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        tx.put(CompositeKey.of("rec", "r2"), b("own2"));
        tx.put(CompositeKey.of("rec", "r25"), b("own25"));

        List<String> values = new ArrayList<>();
        String bookmark = "";
        int pages = 0;
        do {
            Page<KeyValue> page = tx.byPartialKey("rec", List.of(), 2, bookmark);
            page.items().forEach(kv -> values.add(new String(kv.value(), StandardCharsets.UTF_8)));
            bookmark = page.bookmark();
            pages++;
        } while (!bookmark.isEmpty());

        assertThat(values).containsExactly("committed0", "committed1", "own2", "own25", "committed3", "committed4");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void partialKeyQueryUsesLeadingAttributes() {
        commit(CompositeKey.of("step", "case-1", "0001"), "a", CompositeKey.of("step", "case-1", "0002"), "b",
                CompositeKey.of("step", "case-10", "0001"), "c");
        Page<KeyValue> page = TransactionBuffer.readOnly(store, T).byPartialKey("step", List.of("case-1"), 10, "");
        assertThat(page.items()).hasSize(2);
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void badPageSizeAndForeignBookmarksAreRefused() {
        commit(CompositeKey.of("rec", "a"), "1", CompositeKey.of("rec", "b"), "2", CompositeKey.of("idx", "c"), "3");
        TransactionBuffer q = TransactionBuffer.readOnly(store, T);
        String bookmark = q.byPartialKey("rec", List.of(), 1, "").bookmark();

        assertThatThrownBy(() -> q.byPartialKey("rec", List.of(), 0, ""))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
        assertThatThrownBy(() -> q.byPartialKey("idx", List.of(), 1, bookmark))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
        assertThatThrownBy(() -> q.byPartialKey("rec", List.of(), 1, "%%%"))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
    }

    @Test
    void queriesCannotWriteAndEmptyValuesAreRefused() {
        TransactionBuffer q = TransactionBuffer.readOnly(store, T);
        assertThatThrownBy(() -> q.put("k", b("v"))).isInstanceOf(IllegalStateException.class);
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        assertThatThrownBy(() -> tx.put("k", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(tx.writeSet().isEmpty()).isTrue();
    }

    @Test
    void lastEventWins() {
        TransactionBuffer tx = TransactionBuffer.begin(store, "tx1", T);
        tx.setEvent("First", b("1"));
        tx.setEvent("EvidenceCommitted", b("2"));
        assertThat(tx.eventName()).contains("EvidenceCommitted");
        assertThat(tx.eventPayload()).hasValueSatisfying(p -> assertThat(p).isEqualTo(b("2")));
        assertThat(tx.txId()).isEqualTo("tx1");
        assertThat(tx.txTime()).isEqualTo(T);
    }
}
