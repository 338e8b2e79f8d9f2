package org.alliance.ledger.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The ledger's files do not verify: a block was changed, removed from the middle, reordered,
 * forged, or the node key no longer matches the blocks. The ledger refuses to open rather than
 * serve state that may have been altered.
 */
public final class LedgerTamperedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What failed to verify. */
    public enum Failure {
        /** A line is not valid JSON, not a well-formed block, or not in canonical form. */
        PARSE,
        /** Block numbers are not consecutive from 0. */
        NUMBER,
        /** A block's {@code prevHash} is not the hash of the previous block's header. */
        HASH_CHAIN,
        /** A block's signature does not verify, or its signer is not this node. */
        SIGNATURE,
        /** The records in a block do not hash to the header's {@code recordsHash}. */
        RECORDS_HASH,
        /** Replaying the block's records through the rules was refused. */
        REPLAY,
        /** Replaying the block produced a different write set than the header records. */
        WRITE_SET,
        /** Replaying the block produced a different batch than the header records. */
        BATCH,
        /** The last block is complete but followed by bytes that are not a line terminator. */
        UNTERMINATED,
        /** The node key file is not a valid key in canonical PEM form. */
        NODE_KEY
    }

    private final Path file;
    private final Failure failure;
    private final long blockNumber;
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param file the file that failed to verify
     * @param failure what failed
     * @param blockNumber the number of the block that failed, or -1 if not about one block
     * @param offset the byte offset in {@code file} where the failing part starts
     * @param detail a one-line explanation
     * @param cause the underlying failure, or null
     */
    public LedgerTamperedException(Path file, Failure failure, long blockNumber, long offset, String detail,
            Throwable cause) {
        super(file.getFileName() + ": " + failure + (blockNumber >= 0 ? " at block " + blockNumber : "")
                + " (byte offset " + offset + "): " + detail, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.blockNumber = blockNumber;
        this.offset = offset;
    }

    /**
     * The file that failed to verify.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * What failed.
     *
     * @return the failure kind
     */
    public Failure failure() {
        return failure;
    }

    /**
     * The number of the failing block.
     *
     * @return the block number, or -1 if the failure is not about one block
     */
    public long blockNumber() {
        return blockNumber;
    }

    /**
     * Where the failing part starts.
     *
     * @return the byte offset in {@link #file()}
     */
    public long offset() {
        return offset;
    }
}
