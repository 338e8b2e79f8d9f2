package org.alliance.ledger.core.merkle.tiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.ProofException;

/**
 * A tree in a tiles directory, read at the size of its checkpoint: leaf hashes, the root and
 * inclusion proofs, each from a few tiles. A proof for a leaf of a tree of 2^27 leaves reads one
 * tile per stored level (four) and hashes at most 255 nodes in each.
 *
 * <p>Not thread safe (it reuses one digest); open one per thread.
 */
public final class TiledTree {
    private static final int HEIGHT = TileStore.HEIGHT;
    private static final int WIDTH = TileStore.WIDTH;

    private final TileStore store;
    private final Checkpoint checkpoint;
    private final NodeHasher hasher;
    private final int hashBytes;

    private TiledTree(TileStore store, Checkpoint checkpoint) {
        this.store = store;
        this.checkpoint = checkpoint;
        this.hasher = new NodeHasher(store.algorithm());
        this.hashBytes = store.algorithm().length();
    }

    /**
     * Opens a tiles directory at the size of its {@code checkpoint.json}.
     *
     * @param dir the tiles directory
     * @return the tree
     * @throws TileStoreException if the directory is not a tiles directory or has no checkpoint
     *     (no build finished there)
     */
    public static TiledTree open(Path dir) {
        TileStore store = TileStore.open(dir, null, false);
        Path file = dir.resolve(TileStore.CHECKPOINT);
        if (!Files.exists(file)) {
            throw new TileStoreException(dir + " has no " + TileStore.CHECKPOINT + ": no build has finished there");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.fromJson(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonInputException e) {
            throw new TileStoreException(file + " is not valid: " + e.getMessage(), e);
        }
        if (checkpoint.algorithm() != store.algorithm()) {
            throw new TileStoreException(file + " is for " + checkpoint.algorithm() + " but the tiles are " + store.algorithm());
        }
        return new TiledTree(store, checkpoint);
    }

    /**
     * Returns the checkpoint this tree is read at.
     *
     * @return the size, root and algorithm
     */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /**
     * Returns the hash of one leaf.
     *
     * @param index the leaf index
     * @return the RFC 6962 leaf hash
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public byte[] leafHash(long index) {
        checkIndex(index);
        return hashAt(0, index, new HashMap<>());
    }

    /**
     * Recomputes the root from the tiles, for checking them against the checkpoint.
     *
     * @return the root of the checkpoint's size
     */
    public byte[] computeRoot() {
        long size = checkpoint.size();
        return size == 0 ? store.algorithm().digest() : rangeHash(0, size, new HashMap<>());
    }

    /**
     * Produces the inclusion proof of a leaf against the checkpoint's root.
     *
     * @param index the leaf index
     * @return the audit path, bottom first
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public InclusionProof inclusionProof(long index) {
        checkIndex(index);
        Map<Long, byte[]> tiles = new HashMap<>();
        List<byte[]> path = new ArrayList<>();
        long lo = 0;
        long hi = checkpoint.size();
        List<byte[]> topDown = new ArrayList<>();
        while (hi - lo > 1) {
            long k = Long.highestOneBit(hi - lo - 1);
            if (index < lo + k) {
                topDown.add(rangeHash(lo + k, hi, tiles));
                hi = lo + k;
            } else {
                topDown.add(rangeHash(lo, lo + k, tiles));
                lo += k;
            }
        }
        for (int i = topDown.size() - 1; i >= 0; i--) {
            path.add(topDown.get(i));
        }
        return new InclusionProof(index, checkpoint.size(), path);
    }

    /**
     * Returns the leaf hashes of one leaf tile as they are at the checkpoint's size, for reading
     * the leaves in bulk (a full tile holds 256; the last one may hold fewer).
     *
     * @param tileIndex the tile, {@code 0} to {@code (size - 1) / 256}
     * @return the hashes, concatenated
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE} for a tile
     *     beyond the checkpoint
     */
    public byte[] leafTile(long tileIndex) {
        checkIndex(tileIndex < 0 ? -1 : tileIndex * WIDTH);
        return readTile(0, tileIndex);
    }

    /**
     * Produces the RFC 6962 consistency proof from an earlier size of this tree to the
     * checkpoint's: the tree only appends, so every earlier size is a prefix of this one.
     *
     * @param oldSize the earlier size, {@code 1} to the checkpoint's size
     * @return the proof hashes, in RFC 6962 order; empty for the same size
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE} for a size
     *     outside that range
     */
    public List<byte[]> consistencyProof(long oldSize) {
        if (oldSize < 1 || oldSize > checkpoint.size()) {
            throw new ProofException(ProofException.Reason.INDEX_OUT_OF_RANGE,
                    "old size " + oldSize + " is out of range for a tree of size " + checkpoint.size());
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(oldSize, 0, checkpoint.size(), true, proof, new HashMap<>());
        return proof;
    }

    /** RFC 6962 SUBPROOF(m, D[lo:hi], b). */
    private void subproof(long m, long lo, long hi, boolean whole, List<byte[]> proof, Map<Long, byte[]> tiles) {
        long n = hi - lo;
        if (m == n) {
            if (!whole) {
                proof.add(rangeHash(lo, hi, tiles));
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(m, lo, lo + k, whole, proof, tiles);
            proof.add(rangeHash(lo + k, hi, tiles));
        } else {
            subproof(m - k, lo + k, hi, false, proof, tiles);
            proof.add(rangeHash(lo, lo + k, tiles));
        }
    }

    /**
     * Finds a leaf by its hash, scanning the leaf tiles in order, a pack of 256 tiles per read
     * (about 32 bytes read per leaf).
     *
     * @param leafHash the RFC 6962 leaf hash
     * @return the first index with that hash, or -1
     */
    public long indexOf(byte[] leafHash) {
        return indexOf(leafHash, scanned -> { });
    }

    /**
     * Finds a leaf by its hash as {@link #indexOf(byte[])} does, telling how far the scan has gone
     * after each read, for a progress display over a large library.
     *
     * @param leafHash the RFC 6962 leaf hash
     * @param scanned told the number of leaves scanned so far, after each pack of tiles
     * @return the first index with that hash, or -1
     */
    public long indexOf(byte[] leafHash, LongConsumer scanned) {
        long size = checkpoint.size();
        long fullTiles = size / WIDTH;
        for (long pack = 0; pack * WIDTH < fullTiles; pack++) {
            int tiles = (int) Math.min(WIDTH, fullTiles - pack * WIDTH);
            long found = find(store.readPack(pack, tiles), tiles * WIDTH, leafHash);
            if (found >= 0) {
                return pack * WIDTH * WIDTH + found;
            }
            scanned.accept((pack * WIDTH + tiles) * WIDTH);
        }
        int partial = (int) (size % WIDTH);
        long found = partial == 0 ? -1 : find(store.read(0, fullTiles, partial), partial, leafHash);
        return found < 0 ? -1 : fullTiles * WIDTH + found;
    }

    private long find(byte[] hashes, int count, byte[] leafHash) {
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(hashes, i * hashBytes, (i + 1) * hashBytes, leafHash, 0, leafHash.length)) {
                return i;
            }
        }
        return -1;
    }

    /** MTH of leaves [lo, hi): complete aligned subtrees come from the tiles, others are split as in RFC 6962. */
    private byte[] rangeHash(long lo, long hi, Map<Long, byte[]> tiles) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1 && lo % n == 0) {
            int height = Long.numberOfTrailingZeros(n);
            return hashAt(height, lo >>> height, tiles);
        }
        long k = Long.highestOneBit(n - 1);
        return hasher.node(rangeHash(lo, lo + k, tiles), rangeHash(lo + k, hi, tiles));
    }

    /** The hash at tree level {@code height}, index {@code index}: from the tile of the stored level at or below it. */
    private byte[] hashAt(int height, long index, Map<Long, byte[]> tiles) {
        int level = height / HEIGHT;
        int above = height % HEIGHT;
        long first = index << above;
        long tileIndex = first / WIDTH;
        byte[] tile = tiles.computeIfAbsent(((long) level << 58) | tileIndex, key -> readTile(level, tileIndex));
        return hasher.subtreeRoot(tile, (int) (first % WIDTH), 1 << above);
    }

    /** A tile as it is at the checkpoint's size: full, or the partial tile of that size. */
    private byte[] readTile(int level, long tileIndex) {
        long hashes = checkpoint.size() >>> (HEIGHT * level);
        return store.read(level, tileIndex, tileIndex < hashes / WIDTH ? WIDTH : (int) (hashes % WIDTH));
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= checkpoint.size()) {
            throw new ProofException(ProofException.Reason.INDEX_OUT_OF_RANGE,
                    "leaf index " + index + " is out of range for a tree of size " + checkpoint.size());
        }
    }
}
