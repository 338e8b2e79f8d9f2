package org.alliance.ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only block file: one block per line, each line terminated by {@code \n}.
 *
 * <p>A block is acknowledged only after its whole line, terminator included, has been forced to
 * disk. So after a crash the only legitimate damage is a torn tail: bytes after the last
 * terminator that are a prefix of a block, written but never acknowledged. {@link #open} cuts such
 * a tail off with a warning. A tail that holds a complete JSON value followed by further bytes can
 * not come from a torn write (the next byte written would have been the terminator), so it is
 * reported as tampering. A complete value with nothing after it may be a write torn just before
 * its terminator; it was not acknowledged either, so it is cut off the same way.
 */
final class BlockLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockLog.class);
    private static final byte NEWLINE = '\n';

    /**
     * One complete line of the file.
     *
     * @param offset byte offset of the line's first byte
     * @param bytes the line without its terminator
     */
    record Line(long offset, byte[] bytes) {
    }

    private final Path file;
    private final FileChannel channel;
    private long size;

    private BlockLog(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens or creates the block file, cutting off a torn tail.
     *
     * @param file the block file
     * @param lines receives every complete line, in order
     * @return the open log, positioned for appending
     * @throws LedgerTamperedException if the tail is a complete block followed by stray bytes
     * @throws UncheckedIOException if the file cannot be read or written
     */
    static BlockLog open(Path file, List<Line> lines) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                byte[] all = Files.readAllBytes(file);
                int start = 0;
                for (int i = 0; i < all.length; i++) {
                    if (all[i] == NEWLINE) {
                        lines.add(new Line(start, Arrays.copyOfRange(all, start, i)));
                        start = i + 1;
                    }
                }
                if (start < all.length) {
                    cutTornTail(file, channel, Arrays.copyOfRange(all, start, all.length), start);
                }
                return new BlockLog(file, channel, start);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open block file " + file, e);
        }
    }

    private static void cutTornTail(Path file, FileChannel channel, byte[] tail, long offset) throws IOException {
        int end = JsonScan.endOfFirstValue(tail);
        if (end >= 0 && end < tail.length) {
            throw new LedgerTamperedException(file, LedgerTamperedException.Failure.UNTERMINATED, -1, offset,
                    "the last block is followed by " + (tail.length - end) + " stray byte(s) instead of a line end",
                    null);
        }
        LOG.warn("{}: cutting off {} unacknowledged byte(s) at offset {} left by an interrupted write", file,
                tail.length, offset);
        channel.truncate(offset);
        channel.force(true);
    }

    /**
     * Appends one block line and forces it to disk before returning, so that an acknowledged
     * block survives a crash. If the write fails the file is cut back to its previous length.
     *
     * @param line the block's canonical JSON, without a terminator
     * @return the byte offset of the new line
     * @throws UncheckedIOException if the block could not be made durable
     */
    long append(byte[] line) {
        long offset = size;
        ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put(NEWLINE).flip();
        try {
            long pos = offset;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            channel.force(true);
            size = pos;
            return offset;
        } catch (IOException e) {
            try {
                channel.truncate(offset);
                channel.force(true);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot append block to " + file, e);
        }
    }

    /**
     * The file this log writes.
     *
     * @return its path
     */
    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    /** A minimal scanner that finds where the first JSON value of a byte string ends. */
    static final class JsonScan {
        private JsonScan() {
        }

        /**
         * Finds the end of a leading JSON object or array, skipping over strings.
         *
         * @param bytes UTF-8 bytes that start with {@code {} or {@code [}
         * @return the index just after the value's closing bracket, or -1 if it does not close
         */
        static int endOfFirstValue(byte[] bytes) {
            int depth = 0;
            boolean inString = false;
            boolean escaped = false;
            for (int i = 0; i < bytes.length; i++) {
                byte c = bytes[i];
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth <= 0) {
                        return i + 1;
                    }
                }
            }
            return -1;
        }
    }
}
