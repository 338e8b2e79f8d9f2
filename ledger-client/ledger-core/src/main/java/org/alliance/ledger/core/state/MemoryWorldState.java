package org.alliance.ledger.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.alliance.ledger.core.state.Bookmarks;
import org.alliance.ledger.core.state.CompositeKey;
import org.alliance.ledger.core.state.KeyOrder;
import org.alliance.ledger.core.state.KeyValue;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.core.state.WorldState;

/**
 * A sorted in-memory world state with transactions: writes are buffered and committed only when
 * the transaction body returns normally, as on Fabric. Pages and bookmarks are cut by
 * {@link Bookmarks}, as in the real world states.
 */
final class InMemoryWorldState {
    /** An emitted chaincode event. */
    record Event(String txId, String name, byte[] payload) {
    }

    private final TreeMap<String, byte[]> committed = new TreeMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private int txCounter;

    /** Runs a transaction; its writes are discarded if the body throws. */
    <T> T transact(Instant txTime, Function<WorldState, T> body) {
        Tx tx = new Tx(String.format("tx%06d", ++txCounter), txTime);
        T result = body.apply(tx);
        committed.putAll(tx.buffer);
        owners.putAll(tx.bufferOwners);
        if (tx.event != null) {
            events.add(tx.event);
        }
        return result;
    }

    /** A read-only view for queries. */
    WorldState reader(Instant time) {
        return new Tx("query", time) {
            @Override
            public void put(String key, byte[] value) {
                throw new UnsupportedOperationException("read-only");
            }
        };
    }

    /** The committed state as comparable text, for "refusal changes nothing" checks. */
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        committed.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
        owners.forEach((k, v) -> out.put("owner:" + k, v));
        out.put("events", Integer.toString(events.size()));
        return out;
    }

    Optional<String> owner(String key) {
        return Optional.ofNullable(owners.get(key));
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    private class Tx implements WorldState {
        private final String txId;
        private final Instant txTime;
        private final TreeMap<String, byte[]> buffer = new TreeMap<>();
        private final Map<String, String> bufferOwners = new HashMap<>();
        private Event event;

        Tx(String txId, Instant txTime) {
            this.txId = txId;
            this.txTime = txTime;
        }

        @Override
        public Optional<byte[]> get(String key) {
            byte[] v = buffer.containsKey(key) ? buffer.get(key) : committed.get(key);
            return Optional.ofNullable(v).map(byte[]::clone);
        }

        @Override
        public void put(String key, byte[] value) {
            if (value.length == 0) {
                throw new IllegalArgumentException("empty value");
            }
            // Every value a test flow stores is checked, not only what the rules scan on input.
            assertThat(PersonalDataScanner.scanStored(value)).as("personal data in the value of %s", key).isEmpty();
            buffer.put(key, value.clone());
        }

        @Override
        public void putOwned(String key, byte[] value, String ownerMspId) {
            put(key, value);
            bufferOwners.put(key, ownerMspId);
        }

        @Override
        public Page<KeyValue> byPartialKey(String objectType, List<String> attributes, int pageSize, String bookmark) {
            Bookmarks.requirePageSize(pageSize);
            String prefix = CompositeKey.of(objectType, attributes);
            String resume = Bookmarks.decode(bookmark, prefix);
            TreeMap<String, byte[]> merged = new TreeMap<>(KeyOrder.INSTANCE);
            merged.putAll(committed.subMap(prefix, prefix + Character.MAX_VALUE));
            merged.putAll(buffer.subMap(prefix, prefix + Character.MAX_VALUE));
            return Bookmarks.page(merged, resume.isEmpty() ? prefix : resume, prefix, pageSize);
        }

        @Override
        public void setEvent(String name, byte[] payload) {
            event = new Event(txId, name, payload.clone());
        }

        @Override
        public String txId() {
            return txId;
        }

        @Override
        public Instant txTime() {
            return txTime;
        }
    }
}
