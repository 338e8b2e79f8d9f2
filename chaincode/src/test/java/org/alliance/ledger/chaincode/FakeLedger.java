package org.alliance.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A committed key-value store with Fabric's transaction semantics, reached through Mockito stubs
 * so that tests can both run real transactions and verify which stub calls were made.
 *
 * <p>Like a peer: reads see only committed state, writes are buffered until {@link Tx#commit()},
 * keys are ordered by their UTF-8 bytes, and paginated range queries are refused in a
 * transaction that is submitted for ordering.
 */
final class FakeLedger {
    private static final Comparator<String> KEY_ORDER =
            Comparator.comparing((String k) -> k.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    private final NavigableMap<String, byte[]> state = new TreeMap<>(KEY_ORDER);
    private final Map<String, byte[]> validationParameters = new HashMap<>();
    private Instant clock = Instant.parse("2026-11-23T08:00:00Z");
    private int txCount;

    /** The time the next transaction gets. */
    Instant now() {
        return clock;
    }

    /** A committed value, or null. */
    byte[] committed(String key) {
        return state.get(key);
    }

    /** The committed state-based endorsement policy of a key, or null. */
    byte[] validationParameter(String key) {
        return validationParameters.get(key);
    }

    /** All committed keys, in ledger order. */
    List<String> keys() {
        return List.copyOf(state.keySet());
    }

    /** Writes a value as if an earlier transaction had committed it. */
    void seed(String key, byte[] value) {
        state.put(key, value.clone());
    }

    /** Sets the timestamp of the next transactions. */
    void setClock(Instant time) {
        clock = time;
    }

    /**
     * Starts a transaction.
     *
     * @param creator the serialized identity of the submitter
     * @param submit true for a transaction submitted for ordering, false for an evaluation
     */
    Tx begin(byte[] creator, boolean submit) {
        txCount++;
        return new Tx(creator, submit, String.format("%064x", txCount), clock);
    }

    /** One transaction against the ledger. */
    final class Tx {
        final ChaincodeStub stub = mock(ChaincodeStub.class);
        final Map<String, byte[]> writes = new LinkedHashMap<>();
        final Map<String, byte[]> policies = new LinkedHashMap<>();
        final List<String> events = new ArrayList<>();
        byte[] eventPayload;

        private Tx(byte[] creator, boolean submit, String txId, Instant time) {
            when(stub.getCreator()).thenReturn(creator);
            when(stub.getTxId()).thenReturn(txId);
            when(stub.getTxTimestamp()).thenReturn(time);
            when(stub.getChannelId()).thenReturn("alliance");
            when(stub.getState(anyString())).thenAnswer(inv -> {
                byte[] v = state.get(inv.<String>getArgument(0));
                return v == null ? new byte[0] : v.clone();
            });
            doAnswer(inv -> {
                byte[] value = inv.<byte[]>getArgument(1);
                // Every value the contract stores is checked, not only what the rules scan on input.
                assertThat(PersonalDataScanner.scanStored(value))
                        .as("personal data in the value of %s", inv.<String>getArgument(0)).isEmpty();
                writes.put(inv.getArgument(0), value.clone());
                return null;
            }).when(stub).putState(anyString(), any());
            doAnswer(inv -> {
                policies.put(inv.getArgument(0), inv.<byte[]>getArgument(1).clone());
                return null;
            }).when(stub).setStateValidationParameter(anyString(), any());
            when(stub.getStateValidationParameter(anyString()))
                    .thenAnswer(inv -> validationParameters.get(inv.<String>getArgument(0)));
            doAnswer(inv -> {
                events.add(inv.getArgument(0));
                eventPayload = inv.<byte[]>getArgument(1).clone();
                return null;
            }).when(stub).setEvent(anyString(), any());
            when(stub.getStateByPartialCompositeKey(any(CompositeKey.class)))
                    .thenAnswer(inv -> new Results(range(inv.getArgument(0), "", Integer.MAX_VALUE), null));
            when(stub.getStateByPartialCompositeKeyWithPagination(any(CompositeKey.class), anyInt(), anyString()))
                    .thenAnswer(inv -> {
                        if (submit) {
                            throw new IllegalStateException("paginated queries are not allowed in update transactions");
                        }
                        CompositeKey partial = inv.getArgument(0);
                        int pageSize = inv.getArgument(1);
                        List<KeyValue> all = range(partial, inv.getArgument(2), pageSize + 1);
                        String next = all.size() > pageSize ? all.get(pageSize).getKey() : "";
                        return new Results(all.subList(0, Math.min(pageSize, all.size())), next);
                    });
        }

        /** Makes the buffered writes durable, as the peer does for a valid transaction. */
        void commit() {
            writes.forEach((k, v) -> state.put(k, v));
            validationParameters.putAll(policies);
        }

        private List<KeyValue> range(CompositeKey partial, String bookmark, int limit) {
            String prefix = partial.toString();
            String from = bookmark.isEmpty() ? prefix : bookmark;
            List<KeyValue> out = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : state.tailMap(from, true).entrySet()) {
                if (!e.getKey().startsWith(prefix) || out.size() == limit) {
                    break;
                }
                out.add(new Entry(e.getKey(), e.getValue().clone()));
            }
            return out;
        }
    }

    private record Entry(String getKey, byte[] getValue) implements KeyValue {
        @Override
        public String getStringValue() {
            return new String(getValue, StandardCharsets.UTF_8);
        }
    }

    /** Query results with the peer's pagination metadata. */
    private static final class Results
            implements QueryResultsIterator<KeyValue>, QueryResultsIteratorWithMetadata<KeyValue> {
        private final List<KeyValue> entries;
        private final QueryResponseMetadata metadata;

        Results(List<KeyValue> entries, String bookmark) {
            this.entries = entries;
            this.metadata = bookmark == null
                    ? null
                    : QueryResponseMetadata.newBuilder()
                            .setBookmark(bookmark)
                            .setFetchedRecordsCount(entries.size())
                            .build();
        }

        @Override
        public QueryResponseMetadata getMetadata() {
            return metadata;
        }

        @Override
        public Iterator<KeyValue> iterator() {
            return entries.iterator();
        }

        @Override
        public void close() {
            // Nothing to release: the entries are already in memory.
        }
    }
}
