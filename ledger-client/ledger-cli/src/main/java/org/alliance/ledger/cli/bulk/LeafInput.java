package org.alliance.ledger.cli.bulk;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file of 32-byte certificate hashes as leaf records, in one of two forms:
 *
 * <ul>
 *   <li>{@link Format#HEX}: one hash per line, 64 hex digits (either case), lines ending in
 *       {@code \n} or {@code \r\n}; the last line may lack its newline. Any other line, an empty
 *       one included, is malformed.
 *   <li>{@link Format#BINARY}: the hashes concatenated, 32 bytes each, nothing else; the file's
 *       length must be a multiple of 32.
 * </ul>
 *
 * <p>A malformed line does not lose the records before it: {@link #read} returns them first and
 * throws on the next call.
 */
public final class LeafInput implements Closeable {
    /** Bytes of one record. */
    public static final int RECORD_BYTES = 32;
    /** The length of an input that is not a regular file, and so the estimate of its records. */
    public static final long UNKNOWN = -1;
    private static final int HEX_LINE = 2 * RECORD_BYTES;
    private static final int SHOWN = 80;

    /** The two forms of a hash file. */
    public enum Format {
        /** One hex hash per line. */
        HEX,
        /** Concatenated 32-byte records. */
        BINARY
    }

    private final Path file;
    private final Format format;
    private final InputStream in;
    private final long fileBytes;
    private final byte[] buffer = new byte[1 << 20];
    private int pos;
    private int limit;
    private long records;
    private MalformedLeafException pendingFailure;
    private final byte[] line = new byte[SHOWN + HEX_LINE];

    private LeafInput(Path file, Format format, InputStream in, long fileBytes) {
        this.file = file;
        this.format = format;
        this.in = in;
        this.fileBytes = fileBytes;
    }

    /**
     * Opens a hash file.
     *
     * @param file the file
     * @param format its form
     * @return the input, before the first record
     * @throws IOException if the file cannot be opened
     * @throws MalformedLeafException if a binary file's length is not a multiple of 32
     */
    public static LeafInput open(Path file, Format format) throws IOException, MalformedLeafException {
        // A pipe (--hashes /dev/stdin) has no length: its records are counted as they come.
        long bytes = Files.isRegularFile(file) ? Files.size(file) : UNKNOWN;
        if (format == Format.BINARY && bytes != UNKNOWN && bytes % RECORD_BYTES != 0) {
            throw new MalformedLeafException(bytes / RECORD_BYTES + 1, file + ": record " + (bytes / RECORD_BYTES + 1)
                    + " is incomplete: the file has " + bytes + " bytes, not a multiple of " + RECORD_BYTES);
        }
        return new LeafInput(file, format, new BufferedInputStream(Files.newInputStream(file), 1 << 16), bytes);
    }

    /**
     * Estimates the number of records from the file's length (exact for the binary form and for
     * hex lines ending in {@code \n}).
     *
     * @return the estimate, or {@link #UNKNOWN} for a pipe
     */
    public long estimatedRecords() {
        if (fileBytes == UNKNOWN) {
            return UNKNOWN;
        }
        return format == Format.BINARY ? fileBytes / RECORD_BYTES : (fileBytes + 1) / (HEX_LINE + 1);
    }

    /**
     * Returns how many records were read or skipped.
     *
     * @return the number of records consumed
     */
    public long position() {
        return records;
    }

    /**
     * Reads up to {@code max} records into {@code out}.
     *
     * @param out receives {@code 32 * n} bytes from offset 0
     * @param max the most records to read
     * @return the number read, 0 at the end of the file
     * @throws IOException if reading fails
     * @throws MalformedLeafException at a malformed line, after the records before it were returned
     */
    public int read(byte[] out, int max) throws IOException, MalformedLeafException {
        if (pendingFailure != null) {
            throw pendingFailure;
        }
        if (format == Format.BINARY) {
            // One read for the whole run: a file's length was checked to be a multiple of 32 at open,
            // a pipe's last record is checked here.
            int got = in.readNBytes(out, 0, max * RECORD_BYTES);
            int n = got / RECORD_BYTES;
            records += n;
            if (got % RECORD_BYTES != 0) {
                pendingFailure = incomplete(got % RECORD_BYTES);
                if (n == 0) {
                    throw pendingFailure;
                }
            }
            return n;
        }
        int n = 0;
        try {
            while (n < max && nextRecord(out, n * RECORD_BYTES)) {
                n++;
            }
        } catch (MalformedLeafException e) {
            if (n == 0) {
                throw e;
            }
            pendingFailure = e;
        }
        return n;
    }

    /**
     * Skips records, for resuming a build after the leaves already in the tiles.
     *
     * @param count the records to skip
     * @param last receives the last skipped record (32 bytes), when any was skipped
     * @return the number skipped, less than {@code count} only at the end of the file
     * @throws IOException if reading fails
     * @throws MalformedLeafException at a malformed line among them
     */
    public long skip(long count, byte[] last) throws IOException, MalformedLeafException {
        long skipped = 0;
        if (format == Format.BINARY && count > 1) {
            long bytes = Math.min(count - 1, fileBytes / RECORD_BYTES) * RECORD_BYTES;
            in.skipNBytes(bytes);
            records += bytes / RECORD_BYTES;
            skipped = bytes / RECORD_BYTES;
        }
        while (skipped < count && nextRecord(last, 0)) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean nextRecord(byte[] out, int offset) throws IOException, MalformedLeafException {
        if (format == Format.BINARY) {
            int got = in.readNBytes(out, offset, RECORD_BYTES);
            if (got == 0) {
                return false;
            }
            if (got < RECORD_BYTES) {
                throw incomplete(got);
            }
            records++;
            return true;
        }
        int length = 0;
        boolean sawAny = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!sawAny) {
                    return false;
                }
                break;
            }
            byte b = buffer[pos++];
            sawAny = true;
            if (b == '\n') {
                break;
            }
            if (length < line.length) {
                line[length] = b;
            }
            length++;
        }
        if (length > 0 && length <= line.length && line[length - 1] == '\r') {
            length--;
        }
        records++;
        if (length != HEX_LINE || !decode(out, offset)) {
            throw malformed(length);
        }
        return true;
    }

    private boolean decode(byte[] out, int offset) {
        for (int i = 0; i < RECORD_BYTES; i++) {
            int hi = Character.digit(line[2 * i], 16);
            int lo = Character.digit(line[2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                return false;
            }
            out[offset + i] = (byte) (hi << 4 | lo);
        }
        return true;
    }

    private MalformedLeafException incomplete(int bytes) {
        return new MalformedLeafException(records + 1, file + ": record " + (records + 1) + " is incomplete: the input ends "
                + bytes + " bytes into it, not at a multiple of " + RECORD_BYTES);
    }

    private MalformedLeafException malformed(int length) {
        String text = new String(line, 0, Math.min(length, SHOWN), StandardCharsets.UTF_8);
        String shown = length == 0 ? "an empty line" : "'" + text + (length > SHOWN ? "...'" : "'");
        return new MalformedLeafException(records, file + ": line " + records + " is not a certificate hash of "
                + HEX_LINE + " hex digits: " + shown + (length > 0 && length != HEX_LINE ? " (" + length + " characters)" : ""));
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
