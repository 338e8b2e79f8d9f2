package org.alliance.ledger.service.library;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.TiledTree;
import org.alliance.ledger.service.problem.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The configured library's tiles, opened once at startup at the size of their checkpoint, and
 * the lookups the public endpoints make: proofs by leaf index (a few tiles read) and by
 * certificate hash.
 *
 * <p>Finding a certificate by hash in the tiles alone means scanning every leaf tile (32 bytes
 * per certificate: 5 GB for 1.64 × 10^8), far too much per public request. So at startup the
 * service reads the leaf tiles once into an open-addressing table of the first 8 bytes of each
 * leaf hash (12 bytes a slot, a power of two of at least two slots per certificate: at most 48
 * bytes per certificate), and confirms a match by reading the leaf from its tile. That is done only up to {@link LibraryProperties#maxIndexedLeaves()}; a larger
 * library answers by index only (422 LIBRARY_NOT_INDEXED), and {@code ledger-cli bulk prove --leaf}
 * finds a certificate in it by scanning.
 *
 * <p>The tree reuses one digest, so lookups are serialised; a proof costs well under a
 * millisecond.
 */
@Component
public class CertificateLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateLibrary.class);
    /** Bytes of a certificate hash, the leaf data. */
    static final int CERTIFICATE_HASH_BYTES = 32;
    private static final int TILE_WIDTH = 256;

    private final TiledTree tree;
    private final long[] prefixes;
    /** Leaf index + 1 per slot; 0 is an empty slot. */
    private final int[] slots;

    /**
     * Opens the configured tiles, checks them against their checkpoint and indexes them.
     *
     * @param properties the library settings
     * @throws IllegalStateException if the tiles do not give their checkpoint's root
     * @throws org.alliance.ledger.core.merkle.tiles.TileStoreException if the directory is not a
     *     finished tiles directory
     */
    public CertificateLibrary(LibraryProperties properties) {
        if (properties.tiles() == null) {
            tree = null;
            prefixes = null;
            slots = null;
            return;
        }
        tree = TiledTree.open(properties.tiles());
        Checkpoint checkpoint = tree.checkpoint();
        if (!Arrays.equals(tree.computeRoot(), checkpoint.root())) {
            throw new IllegalStateException("the tiles in " + properties.tiles()
                    + " do not give the root of their checkpoint " + checkpoint.toJson());
        }
        if (checkpoint.size() <= properties.maxIndexedLeaves()) {
            int capacity = Integer.highestOneBit((int) Math.max(1, checkpoint.size()) * 2 - 1) << 1;
            prefixes = new long[capacity];
            slots = new int[capacity];
            index(checkpoint.size());
        } else {
            prefixes = null;
            slots = null;
        }
        LOG.info("certificate library {}: {} certificates, {}, root {}{}", properties.tiles(), checkpoint.size(),
                checkpoint.algorithm().id(), Hex.encode(checkpoint.root()),
                slots == null ? "; more than " + properties.maxIndexedLeaves() + ", so no lookup by hash" : "");
    }

    /**
     * The library's checkpoint, if one is configured.
     *
     * @return its algorithm, size and root
     */
    public Optional<Checkpoint> checkpoint() {
        return Optional.ofNullable(tree).map(TiledTree::checkpoint);
    }

    /**
     * Whether certificates can be looked up by hash.
     *
     * @return false for a library larger than the indexed limit, or none
     */
    public boolean indexed() {
        return slots != null;
    }

    /**
     * The consistency proof from an earlier size of the library to its checkpoint's.
     *
     * @param oldSize the earlier size, 1 to the checkpoint's
     * @return the proof hashes, RFC 6962 order
     */
    synchronized List<byte[]> consistencyProof(long oldSize) {
        return configured().consistencyProof(oldSize);
    }

    /**
     * The inclusion proof of a leaf.
     *
     * @param index the leaf index
     * @return the proof against the checkpoint's root
     * @throws ApiException 404 LIBRARY_NOT_CONFIGURED, or 404 NOT_IN_LIBRARY for an index beyond
     *     the library
     */
    public synchronized InclusionProof proof(long index) {
        TiledTree t = configured();
        if (index < 0 || index >= t.checkpoint().size()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_IN_LIBRARY", "the library has "
                    + t.checkpoint().size() + " certificates, numbered from 0; there is no " + index,
                    Map.of("field", "index"));
        }
        return t.inclusionProof(index);
    }

    /**
     * The leaf index of a certificate.
     *
     * @param certificateHash the certificate's hash, the leaf data
     * @return the first leaf with that data
     * @throws ApiException 404 LIBRARY_NOT_CONFIGURED, 422 LIBRARY_NOT_INDEXED, or 404
     *     NOT_IN_LIBRARY when no leaf has it
     */
    public synchronized long indexOf(byte[] certificateHash) {
        TiledTree t = configured();
        if (slots == null) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "LIBRARY_NOT_INDEXED", "the library's "
                    + t.checkpoint().size() + " certificates are more than this service indexes by hash; ask by index, "
                    + "or find it with ledger-cli bulk prove --leaf", Map.of("field", "certificateHash"));
        }
        byte[] leafHash = MerkleTree.leafHash(t.checkpoint().algorithm(), certificateHash);
        long prefix = prefix(leafHash, 0);
        int mask = slots.length - 1;
        for (int slot = spread(prefix) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            if (prefixes[slot] == prefix && Arrays.equals(t.leafHash(slots[slot] - 1), leafHash)) {
                return slots[slot] - 1;
            }
        }
        throw new ApiException(HttpStatus.NOT_FOUND, "NOT_IN_LIBRARY", "no certificate with hash "
                + Hex.encode(certificateHash) + " is among the library's " + t.checkpoint().size() + " certificates",
                Map.of("field", "certificateHash"));
    }

    /**
     * Fills the table in leaf order, so that of duplicate certificates the probe meets the first
     * one first, as {@link TiledTree#indexOf} finds it.
     */
    private void index(long size) {
        int hashBytes = tree.checkpoint().algorithm().length();
        int mask = slots.length - 1;
        for (long tile = 0; tile * TILE_WIDTH < size; tile++) {
            byte[] hashes = tree.leafTile(tile);
            for (int i = 0; i * hashBytes < hashes.length; i++) {
                long prefix = prefix(hashes, i * hashBytes);
                int slot = spread(prefix) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                prefixes[slot] = prefix;
                slots[slot] = (int) (tile * TILE_WIDTH + i) + 1;
            }
        }
    }

    private static long prefix(byte[] hash, int offset) {
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (hash[offset + i] & 0xff);
        }
        return v;
    }

    /** Leaf hashes are uniform already; folding the halves keeps every bit in play for any mask. */
    private static int spread(long prefix) {
        return (int) (prefix ^ (prefix >>> 32));
    }

    private TiledTree configured() {
        if (tree == null) {
            throw notConfigured();
        }
        return tree;
    }

    /** The answer of every library endpoint while none is configured. */
    static ApiException notConfigured() {
        return new ApiException(HttpStatus.NOT_FOUND, "LIBRARY_NOT_CONFIGURED", "this service serves no "
                + "certificate library (alliance.library.tiles is not set)");
    }
}
