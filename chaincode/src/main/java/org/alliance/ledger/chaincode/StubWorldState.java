package org.alliance.ledger.chaincode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.NavigableMap;
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
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement.RoleType;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The evidence rules' world state over Fabric's {@link ChaincodeStub}.
 *
 * <p>One instance serves one transaction, in one of three modes, because Fabric treats them
 * differently:
 *
 * <ul>
 *   <li>{@link #forSubmit(ChaincodeStub)}: writes are allowed, and partial-key reads use the
 *       non-paginated range query, since the peer refuses paginated queries in transactions that
 *       write. Pages are cut here instead, with the same bookmark convention as the peer.
 *   <li>{@link #forEvaluate(ChaincodeStub)}: read-only; partial-key reads use the peer's paginated
 *       query so that a large index is never pulled into the chaincode in one go.
 *   <li>{@link #forSimulation(ChaincodeStub, String)}: a dry run in an evaluated transaction; writes
 *       are kept in memory only, and partial-key reads merge them as in the submit mode.
 * </ul>
 *
 * <p>In both modes a bookmark is the base64url form (no padding) of the full key of the first entry
 * of the next page, and an empty bookmark means there is no further page. The key is what the
 * peer's range queries use as their bookmark, and the encoding is {@link Bookmarks}', shared with
 * the embedded ledger, so a bookmark works in either mode and a client sees the same form from
 * either ledger.
 */
public final class StubWorldState implements WorldState {
    /** The state database's key order: by UTF-8 bytes, which differs from Java's UTF-16 order. */
    private static final KeyOrder KEY_ORDER = KeyOrder.INSTANCE;

    private final ChaincodeStub stub;
    private final boolean writable;
    /** Writes stay in {@link #ownWrites} and never reach the stub: a dry run's world state. */
    private final boolean simulated;
    private final String txId;
    /**
     * This transaction's writes. Fabric's reads return only committed state, but the rules read
     * back what they wrote earlier in the same transaction (a batch with several records of one
     * case), as the world-state contract promises.
     */
    private final NavigableMap<String, byte[]> ownWrites = new TreeMap<>(KEY_ORDER);

    private StubWorldState(ChaincodeStub stub, boolean writable, boolean simulated, String txId) {
        this.stub = Objects.requireNonNull(stub, "stub");
        this.writable = writable;
        this.simulated = simulated;
        this.txId = txId;
    }

    /**
     * A world state for a transaction that is submitted for ordering and may write.
     *
     * @param stub the transaction's stub
     * @return the world state
     */
    public static StubWorldState forSubmit(ChaincodeStub stub) {
        return new StubWorldState(stub, true, false, null);
    }

    /**
     * A read-only world state for a transaction that is only evaluated.
     *
     * @param stub the transaction's stub
     * @return the world state
     */
    public static StubWorldState forEvaluate(ChaincodeStub stub) {
        return new StubWorldState(stub, false, false, null);
    }

    /**
     * A world state for a dry run in an evaluated transaction: it accepts writes but keeps them in
     * memory, where later reads (and range reads) of the same dry run see them over the committed
     * state, and it never calls the stub's write methods, so the peer's read-write set stays
     * empty. Events are dropped.
     *
     * @param stub the transaction's stub
     * @param txId the transaction id the rules see, which becomes the batch id of what they write
     * @return the world state
     */
    public static StubWorldState forSimulation(ChaincodeStub stub, String txId) {
        return new StubWorldState(stub, true, true, Objects.requireNonNull(txId, "txId"));
    }

    /**
     * The same dry run's world state, with its writes so far, under another transaction id, so
     * that the next simulated batch gets a batch id of its own.
     *
     * @param nextTxId the next transaction id
     * @return a world state sharing this one's writes
     * @throws IllegalStateException if this is not a simulation
     */
    public StubWorldState continueAs(String nextTxId) {
        if (!simulated) {
            throw new IllegalStateException("only a simulation continues under another transaction id");
        }
        StubWorldState next = forSimulation(stub, nextTxId);
        next.ownWrites.putAll(ownWrites);
        return next;
    }

    /**
     * Reads a key, seeing this transaction's own writes first. Fabric returns an empty array for
     * an absent key; the rules never store empty values, so empty means absent.
     *
     * @param key a plain or composite key
     * @return the value, or empty if absent
     */
    @Override
    public Optional<byte[]> get(String key) {
        byte[] own = ownWrites.get(key);
        if (own != null) {
            return Optional.of(own.clone());
        }
        byte[] value = stub.getState(key);
        return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
    }

    /**
     * Writes a key.
     *
     * @param key a plain or composite key
     * @param value the value, never empty (Fabric would treat an empty value as a delete)
     */
    @Override
    public void put(String key, byte[] value) {
        requireWritable();
        Objects.requireNonNull(key, "key");
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("value must not be empty");
        }
        if (!simulated) {
            stub.putState(key, value);
        }
        ownWrites.put(key, value.clone());
    }

    /**
     * Writes a key and sets its state-based endorsement policy to require a peer of the owning
     * org, so that no later transaction can change the owner's decision without the owner
     * endorsing it. The policy applies from the next transaction that touches the key.
     *
     * @param key the key
     * @param value the value
     * @param ownerMspId the MSP id of the owning org
     */
    @Override
    public void putOwned(String key, byte[] value, String ownerMspId) {
        Objects.requireNonNull(ownerMspId, "ownerMspId");
        if (ownerMspId.isBlank()) {
            throw new IllegalArgumentException("owner MSP id must not be blank");
        }
        put(key, value);
        if (!simulated) {
            stub.setStateValidationParameter(key, ownerPolicy(ownerMspId));
        }
    }

    /**
     * The serialized state-based endorsement policy that {@link #putOwned} sets: one signature
     * from a peer of the owner org.
     *
     * @param ownerMspId the owning org
     * @return the policy bytes (a {@code SignaturePolicyEnvelope})
     */
    public static byte[] ownerPolicy(String ownerMspId) {
        StateBasedEndorsement sbe = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        sbe.addOrgs(RoleType.RoleTypePeer, ownerMspId);
        return sbe.policy();
    }

    /**
     * Reads one page of composite keys sharing an object type and leading attributes.
     *
     * @param objectType the composite key's object type
     * @param attributes leading attributes, possibly empty
     * @param pageSize at most this many entries, at least 1
     * @param bookmark the bookmark of a previous page of the same query, or empty for the first page
     * @return the page
     * @throws RuleException with {@link ErrorCode#MALFORMED_INPUT} for a bad page size, key part or
     *     bookmark
     */
    @Override
    public Page<KeyValue> byPartialKey(String objectType, List<String> attributes, int pageSize, String bookmark) {
        Bookmarks.requirePageSize(pageSize);
        String prefix = ChaincodeErrors.parse("composite key", () -> CompositeKey.of(objectType, attributes));
        String from = Bookmarks.decode(bookmark, prefix);
        org.hyperledger.fabric.shim.ledger.CompositeKey partial =
                new org.hyperledger.fabric.shim.ledger.CompositeKey(objectType, attributes);
        return writable ? scanPage(partial, pageSize, from) : queryPage(partial, pageSize, from);
    }

    private Page<KeyValue> queryPage(
            org.hyperledger.fabric.shim.ledger.CompositeKey partial, int pageSize, String from) {
        try (QueryResultsIteratorWithMetadata<org.hyperledger.fabric.shim.ledger.KeyValue> it =
                stub.getStateByPartialCompositeKeyWithPagination(partial, pageSize, from)) {
            List<KeyValue> items = new ArrayList<>();
            for (org.hyperledger.fabric.shim.ledger.KeyValue kv : it) {
                items.add(new KeyValue(kv.getKey(), kv.getValue()));
            }
            String next = it.getMetadata() == null ? "" : it.getMetadata().getBookmark();
            return new Page<>(items, Bookmarks.encode(next));
        } catch (Exception e) {
            throw closeFailure(e);
        }
    }

    private Page<KeyValue> scanPage(
            org.hyperledger.fabric.shim.ledger.CompositeKey partial, int pageSize, String from) {
        String prefix = partial.toString();
        String start = from.isEmpty() ? prefix : from;
        // The first pageSize + 1 entries of the merged view lie within the first pageSize + 1 of
        // each source, so the committed scan can stop there; the extra entry gives the bookmark.
        NavigableMap<String, byte[]> merged = new TreeMap<>(KEY_ORDER);
        try (QueryResultsIterator<org.hyperledger.fabric.shim.ledger.KeyValue> it =
                stub.getStateByPartialCompositeKey(partial)) {
            for (org.hyperledger.fabric.shim.ledger.KeyValue kv : it) {
                if (KEY_ORDER.compare(kv.getKey(), start) < 0) {
                    continue;
                }
                merged.put(kv.getKey(), kv.getValue());
                if (merged.size() > pageSize) {
                    break;
                }
            }
        } catch (Exception e) {
            throw closeFailure(e);
        }
        ownWrites.tailMap(start, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .limit(pageSize + 1L)
                .forEach(e -> merged.put(e.getKey(), e.getValue()));
        return Bookmarks.page(merged, start, prefix, pageSize);
    }

    private static RuntimeException closeFailure(Exception e) {
        // Iteration failures are already runtime exceptions; only close() declares Exception.
        return e instanceof RuntimeException re ? re : new IllegalStateException("closing a range query failed", e);
    }

    /**
     * Sets the transaction's chaincode event. Fabric keeps only the last event set in a
     * transaction.
     *
     * @param name the event name
     * @param payload the event payload
     */
    @Override
    public void setEvent(String name, byte[] payload) {
        requireWritable();
        if (!simulated) {
            stub.setEvent(name, payload);
        }
    }

    /**
     * The Fabric transaction id.
     *
     * @return the transaction id
     */
    @Override
    public String txId() {
        return txId != null ? txId : stub.getTxId();
    }

    /**
     * The timestamp in the signed proposal, which every endorsing peer sees identically.
     *
     * @return the transaction time
     */
    @Override
    public Instant txTime() {
        return stub.getTxTimestamp();
    }

    private void requireWritable() {
        if (!writable) {
            // Writes in an evaluated transaction would be silently dropped by the gateway.
            throw new IllegalStateException("world state is read-only in an evaluate transaction");
        }
    }
}
