package org.alliance.ledger.core.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A sorted in-memory world state with transactions: writes are buffered and committed only when
 * the transaction body returns normally, as on Fabric. Pages and bookmarks are cut by {@link
 * Bookmarks}, as in the other world states, and it passes the same conformance suite. It serves
 * the rules' own tests and anyone who wants to run the rules without a ledger; it is not durable.
 */
public final class MemoryWorldState {
    /**
     * An event a committed transaction emitted.
     *
     * @param txId the transaction
     * @param name the event name
     * @param payload the payload
     */
    public record Event(String txId, String name, byte[] payload) {
    }

    private final TreeMap<String, byte[]> committed = new TreeMap<>(KeyOrder.INSTANCE);
    private final Map<String, String> owners = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final BiConsumer<String, byte[]> writeCheck;
    private int txCounter;

    /** An empty state. */
    public MemoryWorldState() {
        this((key, value) -> { });
    }

    /**
     * An empty state that shows every written value to {@code writeCheck} first, for tests that
     * check what the rules store (a check that throws refuses the write).
     *
     * @param writeCheck called with each key and value before it is buffered
     */
    public MemoryWorldState(BiConsumer<String, byte[]> writeCheck) {
        this.writeCheck = Objects.requireNonNull(writeCheck, "writeCheck");
    }

    /**
     * Runs a transaction; its writes and event are committed if the body returns and discarded if
     * it throws.
     *
     * @param txTime the transaction time
     * @param body what the transaction does
     * @param <T> the body's result
     * @return the body's result
     */
    public synchronized <T> T transact(Instant txTime, Function<WorldState, T> body) {
        Tx tx = new Tx(String.format("tx%06d", ++txCounter), txTime, true);
        T result = body.apply(tx);
        committed.putAll(tx.buffer);
        owners.putAll(tx.bufferOwners);
        if (tx.event != null) {
            events.add(tx.event);
        }
        return result;
    }

    /**
     * A read-only view of the committed state, for queries.
     *
     * @param asOf the time the view reports as its transaction time
     * @return the view
     */
    public WorldState reader(Instant asOf) {
        return new Tx("query", asOf, false);
    }

    /**
     * The committed state as comparable text: every key with its value in hex, the owners, and
     * the number of events; equal before and after a transaction that changed nothing.
     *
     * @return the state
     */
    public synchronized Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        committed.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
        owners.forEach((k, v) -> out.put("owner:" + k, v));
        out.put("events", Integer.toString(events.size()));
        return out;
    }

    /**
     * The org that owns a key written with {@link WorldState#putOwned}.
     *
     * @param key the key
     * @return the owner's MSP id, or empty
     */
    public synchronized Optional<String> owner(String key) {
        return Optional.ofNullable(owners.get(key));
    }

    /**
     * The events of the committed transactions, oldest first.
     *
     * @return the events
     */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    private final class Tx implements WorldState {
        private final String txId;
        private final Instant txTime;
        private final boolean writable;
        private final TreeMap<String, byte[]> buffer = new TreeMap<>(KeyOrder.INSTANCE);
        private final Map<String, String> bufferOwners = new HashMap<>();
        private Event event;

        Tx(String txId, Instant txTime, boolean writable) {
            this.txId = txId;
            this.txTime = txTime;
            this.writable = writable;
        }

        @Override
        public Optional<byte[]> get(String key) {
            synchronized (MemoryWorldState.this) {
                byte[] v = buffer.containsKey(key) ? buffer.get(key) : committed.get(key);
                return Optional.ofNullable(v).map(byte[]::clone);
            }
        }

        @Override
        public void put(String key, byte[] value) {
            if (!writable) {
                throw new UnsupportedOperationException("a query cannot write");
            }
            if (key.isEmpty() || value.length == 0) {
                throw new IllegalArgumentException("empty key or value: Fabric would take an empty value for a delete");
            }
            writeCheck.accept(key, value);
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
            synchronized (MemoryWorldState.this) {
                copyPrefix(committed, prefix, merged);
            }
            copyPrefix(buffer, prefix, merged);
            return Bookmarks.page(merged, resume.isEmpty() ? prefix : resume, prefix, pageSize);
        }

        /** The keys under a prefix are contiguous in key order, so the copy stops at the first other key. */
        private static void copyPrefix(TreeMap<String, byte[]> from, String prefix, TreeMap<String, byte[]> to) {
            for (Map.Entry<String, byte[]> e : from.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                to.put(e.getKey(), e.getValue());
            }
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
