package org.alliance.ledger.embedded;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.state.Bookmarks;
import org.alliance.ledger.core.state.CompositeKey;
import org.alliance.ledger.core.state.KeyOrder;
import org.alliance.ledger.core.state.KeyValue;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.core.state.WorldState;

/**
 * The world state one transaction sees: the committed state plus this transaction's own writes,
 * which stay in the buffer until the ledger commits them. Dropping the buffer discards the
 * transaction, which is how a refused action changes nothing.
 *
 * <p>A read-only buffer serves queries; it refuses writes, because a query that writes is a
 * programming error that must not go unnoticed.
 */
final class TransactionBuffer implements WorldState {

    private final StateStore committed;
    private final boolean writable;
    private final String txId;
    private final Instant txTime;
    private final TreeMap<String, WriteSet.Write> writes = new TreeMap<>(KeyOrder.INSTANCE);
    private String eventName;
    private byte[] eventPayload;

    private TransactionBuffer(StateStore committed, boolean writable, String txId, Instant txTime) {
        this.committed = Objects.requireNonNull(committed, "committed");
        this.writable = writable;
        this.txId = Objects.requireNonNull(txId, "txId");
        this.txTime = Objects.requireNonNull(txTime, "txTime");
    }

    /**
     * Starts a transaction over the committed state.
     *
     * @param committed the committed state
     * @param txId the transaction id
     * @param txTime the transaction time
     * @return an empty buffer
     */
    static TransactionBuffer begin(StateStore committed, String txId, Instant txTime) {
        return new TransactionBuffer(committed, true, txId, txTime);
    }

    /**
     * A further transaction that sees this one's writes as if they were committed, for dry runs
     * that chain several transactions without committing any. This buffer is left unchanged.
     *
     * @param nextTxId the next transaction's id; batch ids derive from it, so each must differ
     * @return a writable buffer holding a copy of this one's writes
     */
    TransactionBuffer continueAs(String nextTxId) {
        TransactionBuffer next = new TransactionBuffer(committed, true, nextTxId, txTime);
        next.writes.putAll(writes);
        return next;
    }

    /**
     * A view for queries, which refuses writes.
     *
     * @param committed the committed state
     * @param asOf the time queries see as the transaction time
     * @return a read-only view
     */
    static TransactionBuffer readOnly(StateStore committed, Instant asOf) {
        return new TransactionBuffer(committed, false, "query", asOf);
    }

    @Override
    public Optional<byte[]> get(String key) {
        Objects.requireNonNull(key, "key");
        WriteSet.Write own = writes.get(key);
        return own != null ? Optional.of(own.value()) : committed.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        write(key, value, "");
    }

    @Override
    public void putOwned(String key, byte[] value, String ownerMspId) {
        Objects.requireNonNull(ownerMspId, "ownerMspId");
        write(key, value, ownerMspId);
    }

    private void write(String key, byte[] value, String owner) {
        if (!writable) {
            throw new IllegalStateException("a query tried to write key " + printable(key));
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty() || value.length == 0) {
            throw new IllegalArgumentException("empty key or value for " + printable(key));
        }
        writes.put(key, new WriteSet.Write(key, value, owner));
    }

    @Override
    public Page<KeyValue> byPartialKey(String objectType, List<String> attributes, int pageSize, String bookmark) {
        Bookmarks.requirePageSize(pageSize);
        String prefix;
        try {
            prefix = CompositeKey.of(objectType, attributes);
        } catch (IllegalArgumentException e) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, e.getMessage(), e);
        }
        String resume = Bookmarks.decode(bookmark, prefix);
        String from = resume.isEmpty() ? prefix : resume;
        // Both sources are sorted; the first pageSize+1 entries of their union lie within the
        // first pageSize+1 of each, so fetching that many from each is enough. This
        // transaction's writes go in last so that they win over committed values.
        TreeMap<String, byte[]> merged = new TreeMap<>(KeyOrder.INSTANCE);
        committed.range(from, prefix, pageSize + 1).forEach(kv -> merged.put(kv.key(), kv.value()));
        writes.tailMap(from, true).values().stream()
                .takeWhile(w -> w.key().startsWith(prefix))
                .limit(pageSize + 1L)
                .forEach(w -> merged.put(w.key(), w.value()));
        return Bookmarks.page(merged, from, prefix, pageSize);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        this.eventName = Objects.requireNonNull(name, "name");
        this.eventPayload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public String txId() {
        return txId;
    }

    @Override
    public Instant txTime() {
        return txTime;
    }

    /**
     * The writes so far, in key order.
     *
     * @return the write set
     */
    WriteSet writeSet() {
        return new WriteSet(List.copyOf(writes.values()));
    }

    /**
     * The name of the last event set, if any.
     *
     * @return the event name
     */
    Optional<String> eventName() {
        return Optional.ofNullable(eventName);
    }

    /**
     * The payload of the last event set, if any.
     *
     * @return a copy of the payload
     */
    Optional<byte[]> eventPayload() {
        return Optional.ofNullable(eventPayload).map(byte[]::clone);
    }

    private static String printable(String key) {
        return key == null ? "null" : key.replace(CompositeKey.DELIMITER, '/');
    }
}
