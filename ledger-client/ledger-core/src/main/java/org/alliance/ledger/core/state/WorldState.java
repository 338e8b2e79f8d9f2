package org.alliance.ledger.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The key-value world state as the evidence rules see it.
 *
 * <p>Three implementations exist and must behave identically: the chaincode adapts Fabric's
 * {@code ChaincodeStub}, the embedded ledger keeps a buffered transaction over its own store, and
 * {@link MemoryWorldState} keeps everything in memory. All three pass the same conformance suite
 * ({@code ledger-conformance}).
 * Writes made through this interface become visible only if the whole transaction commits, so a
 * rule that throws after writing has changed nothing.
 *
 * <p>Composite keys use Fabric's encoding (see {@link CompositeKey}) so that both
 * implementations iterate them in the same order.
 */
public interface WorldState {

    /**
     * Reads a key as it stands, including this transaction's own earlier writes.
     *
     * @param key a plain or composite key
     * @return the value, or empty if the key is absent
     */
    Optional<byte[]> get(String key);

    /**
     * Writes a key.
     *
     * @param key a plain or composite key
     * @param value the value, never empty
     */
    void put(String key, byte[] value);

    /**
     * Writes a key that belongs to one org's decision. On Fabric this also sets a state-based
     * endorsement policy requiring that org's peer for any later change of the key.
     *
     * @param key the key
     * @param value the value
     * @param ownerMspId the MSP id of the owning org
     */
    void putOwned(String key, byte[] value, String ownerMspId);

    /**
     * Iterates composite keys that share an object type and leading attributes, in key order.
     *
     * @param objectType the composite key's object type
     * @param attributes leading attributes, possibly empty
     * @param pageSize at most this many entries, at least 1
     * @param bookmark where the previous page stopped, or empty for the first page
     * @return one page of matches and the bookmark of the next page
     */
    Page<KeyValue> byPartialKey(String objectType, List<String> attributes, int pageSize, String bookmark);

    /**
     * Iterates composite keys under a partial key from the first key at or after {@code
     * startAttributes}, in key order: a seek, so that a scan of a time index starts at the time
     * window instead of at the index's first entry. Later pages continue with their bookmarks as
     * for {@link #byPartialKey}.
     *
     * <p>Every implementation's bookmark is the encoded key of the next page's first entry (see
     * {@link Bookmarks}), so a seek is the page whose bookmark is the key built from the start
     * attributes; it works on Fabric too, whose paginated partial-key query starts at the
     * bookmark's key.
     *
     * @param objectType the composite key's object type
     * @param attributes leading attributes the keys share, possibly empty
     * @param startAttributes the attributes that follow them, from which to start; empty starts
     *     at the first key
     * @param pageSize at most this many entries, at least 1
     * @param bookmark where the previous page stopped, or empty for the page at the start
     * @return one page of matches and the bookmark of the next page
     */
    default Page<KeyValue> seek(String objectType, List<String> attributes, List<String> startAttributes,
            int pageSize, String bookmark) {
        if (bookmark != null && !bookmark.isEmpty()) {
            return byPartialKey(objectType, attributes, pageSize, bookmark);
        }
        List<String> start = new java.util.ArrayList<>(attributes);
        start.addAll(startAttributes);
        return byPartialKey(objectType, attributes, pageSize, Bookmarks.encode(CompositeKey.of(objectType, start)));
    }

    /**
     * Emits an event with the transaction. Fabric allows one chaincode event per transaction, so
     * implementations keep the last one set; the rules emit a single summary event per
     * transaction.
     *
     * @param name the event name
     * @param payload the event payload
     */
    void setEvent(String name, byte[] payload);

    /**
     * The id of the current transaction.
     *
     * @return the transaction id
     */
    String txId();

    /**
     * The time the client proposed the transaction, which is the same on every endorsing peer.
     *
     * @return the transaction timestamp
     */
    Instant txTime();
}
