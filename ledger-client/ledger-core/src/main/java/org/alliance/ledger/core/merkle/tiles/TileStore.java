package org.alliance.ledger.core.merkle.tiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * Reads and writes the files of a tiles directory (the layout is in the package description).
 * Writes come from one thread; {@link #close()} releases the open leaf pack.
 */
final class TileStore implements AutoCloseable {
    /** Levels of the tree per tile: each stored level is 8 levels above the one below. */
    static final int HEIGHT = 8;
    /** Hashes in a full tile. */
    static final int WIDTH = 1 << HEIGHT;
    /** Leaf data records: certificate hashes of 32 bytes. */
    static final int LEAF_BYTES = 32;
    static final String LOG = "log.json";
    static final String CHECKPOINT = "checkpoint.json";
    private static final int MAX_JSON = 4096;

    private final Path dir;
    private final HashAlgorithm algorithm;
    private final int hashBytes;
    private final int tileBytes;
    private Path lastCreatedParent;
    private FileChannel pack;
    private long packIndex = -1;

    private TileStore(Path dir, HashAlgorithm algorithm) {
        this.dir = dir;
        this.algorithm = algorithm;
        this.hashBytes = algorithm.length();
        this.tileBytes = WIDTH * hashBytes;
    }

    /**
     * Opens a tiles directory, creating it for {@code algorithm} when it does not exist or is empty.
     *
     * @param algorithm the required algorithm, or {@code null} to take the directory's
     */
    static TileStore open(Path dir, HashAlgorithm algorithm, boolean create) {
        Path log = dir.resolve(LOG);
        if (!Files.exists(log)) {
            if (!create) {
                throw new TileStoreException(dir + " is not a tiles directory: it has no " + LOG);
            }
            if (algorithm == null) {
                throw new IllegalArgumentException("a new tiles directory needs an algorithm");
            }
            requireEmptyOrAbsent(dir);
            ObjectNode meta = JsonNodeFactory.instance.objectNode();
            meta.put("algorithm", algorithm.id()).put("leafBytes", LEAF_BYTES).put("tileHeight", HEIGHT);
            TileStore store = new TileStore(dir, algorithm);
            store.writeAtomically(LOG, CanonicalJson.canonicalize(meta));
            return store;
        }
        JsonNode meta = readJson(log);
        HashAlgorithm stored = parseAlgorithm(meta, log);
        if (meta.path("tileHeight").asInt() != HEIGHT || meta.path("leafBytes").asInt() != LEAF_BYTES) {
            throw new TileStoreException(log + " describes tiles of height " + meta.path("tileHeight") + " over "
                    + meta.path("leafBytes") + "-byte leaves; only height " + HEIGHT + " over " + LEAF_BYTES + "-byte leaves is supported");
        }
        if (algorithm != null && algorithm != stored) {
            throw new TileStoreException(dir + " holds a " + stored + " tree, not " + algorithm);
        }
        return new TileStore(dir, stored);
    }

    private static void requireEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new TileStoreException(dir + " is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                throw new TileStoreException(dir + " is neither empty nor a tiles directory (it has no " + LOG + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return StrictJson.parseTree(Files.readAllBytes(file), MAX_JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonInputException e) {
            throw new TileStoreException(file + " is not valid: " + e.getMessage(), e);
        }
    }

    static HashAlgorithm parseAlgorithm(JsonNode node, Path file) {
        try {
            return HashAlgorithm.fromId(node.path("algorithm").asText());
        } catch (IllegalArgumentException e) {
            throw new TileStoreException(file + ": " + e.getMessage(), e);
        }
    }

    HashAlgorithm algorithm() {
        return algorithm;
    }

    Path dir() {
        return dir;
    }

    /** Path of a tile; {@code width} is {@link #WIDTH} for a full tile. */
    Path tilePath(int level, long index, int width) {
        Path p = dir.resolve("tile").resolve(Integer.toString(HEIGHT)).resolve(Integer.toString(level));
        String digits = Long.toString(index);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        for (int i = 0; i < digits.length() - 3; i += 3) {
            p = p.resolve("x" + digits.substring(i, i + 3));
        }
        String last = digits.substring(digits.length() - 3);
        return width == WIDTH ? p.resolve(last) : p.resolve(last + ".p").resolve(Integer.toString(width));
    }

    /** Path of the pack of full leaf tiles {@code 256 * pack} to {@code 256 * pack + 255}. */
    Path packPath(long pack) {
        Path tile = tilePath(0, pack, WIDTH);
        Path levelDir = dir.resolve("tile").resolve(Integer.toString(HEIGHT)).resolve("0");
        return levelDir.resolve("pack").resolve(levelDir.relativize(tile));
    }

    /** Whether the full tile is present with its whole length. */
    boolean hasFullTile(int level, long index) {
        if (level == 0) {
            return sizeOf(packPath(index / WIDTH)) >= (index % WIDTH + 1) * tileBytes;
        }
        return sizeOf(tilePath(level, index, WIDTH)) == tileBytes;
    }

    /** The widest partial tile present with its whole length, or 0. */
    int widestPartial(int level, long index) {
        Path partials = tilePath(level, index, 1).getParent();
        if (!Files.isDirectory(partials)) {
            return 0;
        }
        int widest = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(partials)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.matches("[1-9][0-9]{0,2}")) {
                    int w = Integer.parseInt(name);
                    if (w < WIDTH && w > widest && sizeOf(entry) == (long) w * hashBytes) {
                        widest = w;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + partials, e);
        }
        return widest;
    }

    /** Reads a tile of {@code width} hashes (full or partial). */
    byte[] read(int level, long index, int width) {
        if (level == 0 && width == WIDTH) {
            return readPacked(index);
        }
        Path path = tilePath(level, index, width);
        try {
            byte[] data = Files.readAllBytes(path);
            if (data.length != width * hashBytes) {
                throw new TileStoreException(path + " has " + data.length + " bytes, not " + width * hashBytes);
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new TileStoreException("tile " + path + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Writes {@code width} hashes of {@code hashes}, from hash number {@code first}, as a tile. */
    void write(int level, long index, byte[] hashes, int first, int width) {
        if (level == 0 && width == WIDTH) {
            appendPacked(index, hashes, first);
            return;
        }
        Path path = tilePath(level, index, width);
        try {
            Path parent = path.getParent();
            if (!parent.equals(lastCreatedParent)) {
                Files.createDirectories(parent);
                lastCreatedParent = parent;
            }
            try (var out = Files.newOutputStream(path)) {
                out.write(hashes, first * hashBytes, width * hashBytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Reads the first {@code tiles} full leaf tiles of a pack in one read (up to 2 MiB). */
    byte[] readPack(long pack, int tiles) {
        Path path = packPath(pack);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(tiles * tileBytes);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read until full or end of file
            }
            if (buffer.hasRemaining()) {
                throw new TileStoreException(path + " holds fewer than " + tiles + " leaf tiles");
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw new TileStoreException("leaf pack " + path + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private byte[] readPacked(long index) {
        Path path = packPath(index / WIDTH);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(tileBytes);
            long at = index % WIDTH * tileBytes;
            while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) > 0) {
                // read until full or end of file
            }
            if (buffer.hasRemaining()) {
                throw new TileStoreException("leaf tile " + index + " is missing from " + path);
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw new TileStoreException("leaf tile " + index + " is missing: no " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Appends a full leaf tile to its pack. Tiles arrive in order; a pack longer than expected
     * ends in a tile torn by a crash, which is cut off first.
     */
    private void appendPacked(long index, byte[] hashes, int first) {
        Path path = packPath(index / WIDTH);
        try {
            if (packIndex != index / WIDTH) {
                close();
                Files.createDirectories(path.getParent());
                pack = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                packIndex = index / WIDTH;
            }
            long at = index % WIDTH * tileBytes;
            long size = pack.size();
            if (size < at) {
                throw new TileStoreException(path + " has " + size + " bytes; leaf tile " + index + " would leave a gap");
            }
            if (size > at) {
                pack.truncate(at);
            }
            ByteBuffer buffer = ByteBuffer.wrap(hashes, first * hashBytes, tileBytes);
            while (buffer.hasRemaining()) {
                pack.write(buffer, at + buffer.position() - first * hashBytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Closes the leaf pack being appended to, if any. */
    @Override
    public void close() {
        if (pack != null) {
            try {
                pack.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a leaf pack in " + dir, e);
            } finally {
                pack = null;
                packIndex = -1;
            }
        }
    }

    /** Replaces a small file in one step, so that readers see the old or the new content. */
    void writeAtomically(String name, byte[] content) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
