package org.alliance.ledger.core.merkle.tiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an RFC 6962 tree into a tiles directory by appending leaves, in O(log n) memory: one
 * pending tile per stored level. Opening a directory that already holds tiles resumes after the
 * leaves they contain, so an interrupted build (even by {@code kill -9}) continues where its tiles
 * end and gives the same root as an uninterrupted one.
 *
 * <p>Leaves are 32-byte records (certificate hashes); the tree's leaf hashes are
 * {@code H(0x00 || record)}. Runs of whole leaf tiles are hashed by {@code threads} threads, and
 * the tiles are written by one more thread, in order, while the next run is hashed.
 *
 * <p>Not thread safe: one thread appends.
 */
public final class TileTreeBuilder implements AutoCloseable {
    /** Bytes of one leaf record. */
    public static final int LEAF_BYTES = TileStore.LEAF_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(TileTreeBuilder.class);
    /** Stored levels for sizes below 2^64. */
    private static final int LEVELS = 64 / TileStore.HEIGHT;
    private static final int WIDTH = TileStore.WIDTH;

    private final TileStore store;
    private final int hashBytes;
    private final NodeHasher[] hashers;
    private final ExecutorService workers;
    private final ExecutorService writer;
    private Future<?> lastWrite;
    private Future<?> lastLeafRun;
    private final byte[][] runBuffers = new byte[2][];
    private int runTurn;
    /** pending[L]: the hashes of tree level 8L not yet in a full tile, pendingCount[L] of them. */
    private final byte[][] pending = new byte[LEVELS][];
    private final int[] pendingCount = new int[LEVELS];
    private final long[] fullTiles = new long[LEVELS];
    private long size;

    private TileTreeBuilder(TileStore store, int threads) {
        this.store = store;
        this.hashBytes = store.algorithm().length();
        this.hashers = new NodeHasher[threads];
        for (int i = 0; i < threads; i++) {
            hashers[i] = new NodeHasher(store.algorithm());
        }
        for (int level = 0; level < LEVELS; level++) {
            pending[level] = new byte[WIDTH * hashBytes];
        }
        this.workers = threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemon("tile-hash")) : null;
        this.writer = Executors.newSingleThreadExecutor(daemon("tile-write"));
    }

    /**
     * Opens a tiles directory for appending: creates it (absent or empty) or resumes after its tiles.
     *
     * @param dir the tiles directory
     * @param algorithm the hash; must match the directory's
     * @param threads hashing threads, at least 1
     * @return the builder, at the size the tiles hold
     * @throws TileStoreException if the directory is not a tiles directory for {@code algorithm}
     * @throws java.io.UncheckedIOException if reading or writing fails
     */
    public static TileTreeBuilder open(Path dir, HashAlgorithm algorithm, int threads) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        TileTreeBuilder builder = new TileTreeBuilder(TileStore.open(dir, algorithm, true), threads);
        try {
            builder.resume();
        } catch (RuntimeException e) {
            builder.close();
            throw e;
        }
        return builder;
    }

    /**
     * Returns the number of leaves appended so far, including those found on disk when opened.
     *
     * @return the tree size
     */
    public long size() {
        return size;
    }

    /**
     * Returns the hash of the tree.
     *
     * @return the algorithm
     */
    public HashAlgorithm algorithm() {
        return store.algorithm();
    }

    /**
     * Returns the hash of the last leaf, for checking that a resumed build continues the same input.
     *
     * @return the RFC 6962 leaf hash of leaf {@code size() - 1}
     * @throws IllegalStateException if the tree is empty
     */
    public byte[] lastLeafHash() {
        if (size == 0) {
            throw new IllegalStateException("the tree is empty");
        }
        int count = pendingCount[0];
        if (count > 0) {
            return Arrays.copyOfRange(pending[0], (count - 1) * hashBytes, count * hashBytes);
        }
        awaitWrites();
        byte[] tile = store.read(0, fullTiles[0] - 1, WIDTH);
        return Arrays.copyOfRange(tile, (WIDTH - 1) * hashBytes, WIDTH * hashBytes);
    }

    /**
     * Appends leaves.
     *
     * @param records {@code count} records of {@link #LEAF_BYTES} bytes each, from {@code offset}
     * @param offset the first byte of the first record
     * @param count the number of records
     */
    public void append(byte[] records, int offset, int count) {
        Objects.checkFromIndexSize(offset, count * LEAF_BYTES, records.length);
        int i = 0;
        for (; i < count && pendingCount[0] != 0; i++) {
            appendOne(records, offset + i * LEAF_BYTES);
        }
        int tiles = (count - i) / WIDTH;
        if (tiles > 0) {
            appendTiles(records, offset + i * LEAF_BYTES, tiles);
            i += tiles * WIDTH;
        }
        for (; i < count; i++) {
            appendOne(records, offset + i * LEAF_BYTES);
        }
    }

    /**
     * Writes the partial tiles of the current size, so that a later build resumes exactly here and
     * proofs can be served for this size.
     */
    public void flush() {
        awaitWrites();
        for (int level = 0; level < LEVELS; level++) {
            if (pendingCount[level] > 0) {
                store.write(level, fullTiles[level], pending[level], 0, pendingCount[level]);
            }
        }
    }

    /**
     * Flushes, computes the root and writes {@code checkpoint.json}.
     *
     * @return the checkpoint of the current size
     */
    public Checkpoint finish() {
        flush();
        Checkpoint checkpoint = new Checkpoint(store.algorithm(), size, root());
        store.writeAtomically(TileStore.CHECKPOINT, checkpoint.toJson().getBytes(StandardCharsets.UTF_8));
        return checkpoint;
    }

    /**
     * Returns the root of the current size, from the pending hashes of each level.
     *
     * @return the RFC 6962 root
     */
    public byte[] root() {
        if (size == 0) {
            return store.algorithm().digest();
        }
        // The tree of `size` leaves is a run of complete subtrees, one per set bit of size; every
        // one of them is a power-of-two group of pending hashes of one level. Fold right to left.
        NodeHasher hasher = hashers[0];
        byte[] root = null;
        for (int level = 0; level < LEVELS; level++) {
            int count = pendingCount[level];
            for (int bit = 0; bit < TileStore.HEIGHT; bit++) {
                if ((count >>> bit & 1) != 0) {
                    byte[] subtree = hasher.subtreeRoot(pending[level], count & -(2 << bit), 1 << bit);
                    root = root == null ? subtree : hasher.node(subtree, root);
                }
            }
        }
        return root;
    }

    /** Waits for the tile writes and stops the threads; the builder is unusable afterwards. */
    @Override
    public void close() {
        try {
            awaitWrites();
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
            writer.shutdownNow();
            store.close();
        }
    }

    private void appendOne(byte[] records, int offset) {
        hashers[0].leaf(records, offset, pending[0], pendingCount[0] * hashBytes);
        size++;
        if (++pendingCount[0] == WIDTH) {
            completeTile(0);
        }
    }

    /** Hashes whole leaf tiles in parallel; the pending leaf tile is empty. */
    private void appendTiles(byte[] records, int offset, int tiles) {
        byte[] leafHashes = runBuffer(tiles);
        byte[] roots = new byte[tiles * hashBytes];
        int parts = Math.min(hashers.length, tiles);
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 1; p < parts; p++) {
            int part = p;
            futures.add(workers.submit(() -> hashTiles(hashers[part], records, offset, leafHashes, roots,
                    tiles * part / parts, tiles * (part + 1) / parts)));
        }
        hashTiles(hashers[0], records, offset, leafHashes, roots, 0, tiles / parts);
        futures.forEach(TileTreeBuilder::await);
        long firstTile = fullTiles[0];
        if (lastLeafRun != null) {
            await(lastLeafRun);
        }
        lastLeafRun = scheduleWrite(() -> {
            for (int t = 0; t < tiles; t++) {
                store.write(0, firstTile + t, leafHashes, t * WIDTH, WIDTH);
            }
        });
        fullTiles[0] += tiles;
        size += (long) tiles * WIDTH;
        for (int t = 0; t < tiles; t++) {
            push(1, roots, t * hashBytes);
        }
    }

    /**
     * One of two buffers for runs of leaf tiles, used in turn: the run being written holds one,
     * and it is written before the run after next is submitted (appendTiles awaits it first).
     */
    private byte[] runBuffer(int tiles) {
        int bytes = tiles * WIDTH * hashBytes;
        runTurn ^= 1;
        if (runBuffers[runTurn] == null || runBuffers[runTurn].length < bytes) {
            runBuffers[runTurn] = new byte[bytes];
        }
        return runBuffers[runTurn];
    }

    private void hashTiles(NodeHasher hasher, byte[] records, int offset, byte[] leafHashes, byte[] roots, int from, int to) {
        for (int t = from; t < to; t++) {
            for (int k = t * WIDTH; k < (t + 1) * WIDTH; k++) {
                hasher.leaf(records, offset + k * LEAF_BYTES, leafHashes, k * hashBytes);
            }
            hasher.subtreeRoot(leafHashes, t * WIDTH, WIDTH, roots, t * hashBytes);
        }
    }

    private void push(int level, byte[] hashes, int offset) {
        System.arraycopy(hashes, offset, pending[level], pendingCount[level] * hashBytes, hashBytes);
        if (++pendingCount[level] == WIDTH) {
            completeTile(level);
        }
    }

    private void completeTile(int level) {
        byte[] tile = pending[level];
        pending[level] = new byte[WIDTH * hashBytes];
        pendingCount[level] = 0;
        long index = fullTiles[level]++;
        scheduleWrite(() -> store.write(level, index, tile, 0, WIDTH));
        push(level + 1, hashers[0].subtreeRoot(tile, 0, WIDTH), 0);
    }

    /**
     * Tiles are written in order by one thread, so that after a crash only the last one can be
     * short. The caller bounds the queue: at most one run of leaf tiles waits to be written.
     */
    private Future<?> scheduleWrite(Runnable write) {
        lastWrite = writer.submit(write);
        return lastWrite;
    }

    private void awaitWrites() {
        if (lastWrite != null) {
            await(lastWrite);
            lastWrite = null;
            lastLeafRun = null;
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building tiles", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Finds the size the tiles hold and the pending hashes of every level. Tiles are written in
     * order, so the full leaf tiles are numbered 0 to F-1 without gaps (a short last one counts as
     * absent and is rewritten), and on each upper level only the last full tile can be missing.
     */
    private void resume() {
        long full = countFullLeafTiles();
        int partial = store.widestPartial(0, full);
        size = full * WIDTH + partial;
        fullTiles[0] = full;
        pendingCount[0] = partial;
        if (partial > 0) {
            System.arraycopy(store.read(0, full, partial), 0, pending[0], 0, partial * hashBytes);
        }
        for (int level = 1; level < LEVELS && (size >>> (TileStore.HEIGHT * level)) > 0; level++) {
            long hashes = size >>> (TileStore.HEIGHT * level);
            fullTiles[level] = hashes / WIDTH;
            pendingCount[level] = (int) (hashes % WIDTH);
            if (fullTiles[level] > 0 && !store.hasFullTile(level, fullTiles[level] - 1)) {
                byte[] tile = new byte[WIDTH * hashBytes];
                rootsOfTiles(level - 1, (fullTiles[level] - 1) * WIDTH, WIDTH, tile);
                store.write(level, fullTiles[level] - 1, tile, 0, WIDTH);
            }
            rootsOfTiles(level - 1, fullTiles[level] * WIDTH, pendingCount[level], pending[level]);
        }
        if (size > 0) {
            LOG.info("resuming the tree in {} after {} leaves", store.dir(), size);
        }
    }

    private void rootsOfTiles(int level, long firstTile, int count, byte[] out) {
        for (int t = 0; t < count; t++) {
            hashers[0].subtreeRoot(store.read(level, firstTile + t, WIDTH), 0, WIDTH, out, t * hashBytes);
        }
    }

    private long countFullLeafTiles() {
        if (!store.hasFullTile(0, 0)) {
            return 0;
        }
        long absent = 1;
        while (store.hasFullTile(0, absent)) {
            absent *= 2;
        }
        long present = absent / 2;
        while (absent - present > 1) {
            long mid = (present + absent) >>> 1;
            if (store.hasFullTile(0, mid)) {
                present = mid;
            } else {
                absent = mid;
            }
        }
        return absent;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
