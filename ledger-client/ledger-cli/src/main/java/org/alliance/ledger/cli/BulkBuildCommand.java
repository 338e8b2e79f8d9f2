package org.alliance.ledger.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.alliance.ledger.cli.bulk.LeafInput;
import org.alliance.ledger.cli.bulk.MalformedLeafException;
import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.TileStoreException;
import org.alliance.ledger.core.merkle.tiles.TileTreeBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulk build}: streams a hash file into a tree kept as tiles, resuming after the leaves already there. */
@Command(name = "build", description = {
    "Append the certificate hashes of FILE to the tree in DIR (created if absent) and print its checkpoint:",
    "{\"algorithm\":ALG,\"root\":\"hex\",\"size\":N}, the value to record on the ledger and to anchor.",
    "If DIR already holds leaves (an interrupted or stopped build), the first that many hashes of FILE are",
    "skipped and the build resumes after them. A malformed line stops the build with exit 2, naming the",
    "line; the leaves before it stay in DIR, so after fixing the line the same command resumes.",
    "FILE may be a pipe (/dev/stdin): its progress then shows the count and rate, without percent or ETA."})
final class BulkBuildCommand extends CliCommand {
    /** Records per read: 2 MiB of hashes, 256 leaf tiles hashed in parallel. */
    private static final int CHUNK = 1 << 16;

    @Mixin
    private HashAlgorithmOption algorithm;

    @Mixin
    private HashFileFormatOption format;

    @Option(names = "--hashes", required = true, paramLabel = "FILE", description = "The certificate hashes, 32 bytes each.")
    private Path hashes;

    @Option(names = "--tiles", required = true, paramLabel = "DIR", description = "The tiles directory.")
    private Path tiles;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: the number of processors).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    private ProgressOption progress;

    @Override
    protected int run() throws IOException {
        HashAlgorithm alg = algorithm.get();
        if (threads < 1 || threads > 256) {
            throw CliFailure.input("--threads: expected 1 to 256 but got " + threads, null);
        }
        try (LeafInput input = openInput(); TileTreeBuilder builder = openBuilder(alg)) {
            skipBuiltLeaves(input, builder);
            byte[] buffer = new byte[CHUNK * LeafInput.RECORD_BYTES];
            long estimate = input.estimatedRecords();
            try (Progress bar = progress.start(io(), "bulk build", "leaves", builder.size(),
                    estimate == LeafInput.UNKNOWN ? Progress.UNKNOWN : Math.max(estimate, builder.size()))) {
                for (int n; (n = input.read(buffer, CHUNK)) > 0; ) {
                    builder.append(buffer, 0, n);
                    bar.update(builder.size());
                }
                bar.finish();
            } catch (MalformedLeafException e) {
                builder.flush();
                throw CliFailure.input(e.getMessage() + "; the " + builder.size() + " leaves before it are in " + tiles
                        + ": fix the line and run the same command to resume", e);
            }
            Checkpoint checkpoint = builder.finish();
            println(checkpoint.toJson());
        } catch (UncheckedIOException e) {
            throw CliFailure.input(e.getMessage() + ": " + e.getCause(), e);
        }
        return ExitCodes.OK;
    }

    private LeafInput openInput() throws IOException {
        try {
            return LeafInput.open(hashes, format.get());
        } catch (NoSuchFileException e) {
            throw CliFailure.input("cannot read " + hashes + ": no such file", e);
        } catch (MalformedLeafException e) {
            throw CliFailure.input(e.getMessage(), e);
        }
    }

    private TileTreeBuilder openBuilder(HashAlgorithm alg) {
        try {
            return TileTreeBuilder.open(tiles, alg, threads);
        } catch (TileStoreException e) {
            throw CliFailure.input(e.getMessage(), e);
        }
    }

    /** Skips the hashes already in the tiles, checking that the last of them is the tiles' last leaf. */
    private void skipBuiltLeaves(LeafInput input, TileTreeBuilder builder) throws IOException {
        long built = builder.size();
        if (built == 0) {
            return;
        }
        byte[] last = new byte[LeafInput.RECORD_BYTES];
        long skipped;
        try {
            skipped = input.skip(built, last);
        } catch (MalformedLeafException e) {
            throw CliFailure.input(e.getMessage() + ", among the " + built + " hashes that " + tiles
                    + " already holds: it was not built from this file", e);
        }
        if (skipped < built) {
            throw CliFailure.input(tiles + " already holds " + built + " leaves but " + hashes + " has only " + skipped
                    + " hashes: it was not built from this file", null);
        }
        if (!Arrays.equals(MerkleTree.leafHash(builder.algorithm(), last), builder.lastLeafHash())) {
            throw CliFailure.input("hash " + built + " of " + hashes + " (" + Hex.encode(last) + ") is not leaf " + (built - 1)
                    + " of " + tiles + ": the tiles were not built from this file", null);
        }
    }
}
