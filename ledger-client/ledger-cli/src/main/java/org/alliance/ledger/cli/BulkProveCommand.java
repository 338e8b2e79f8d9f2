package org.alliance.ledger.cli;

import java.nio.file.Path;
import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.ProofException;
import org.alliance.ledger.core.merkle.tiles.TileStoreException;
import org.alliance.ledger.core.merkle.tiles.TiledTree;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulk prove}: the inclusion proof of one certificate, read from the tiles. */
@Command(name = "prove", description = {
    "Print the inclusion proof of one leaf of the tree in DIR, at the size of its checkpoint, as JSON:",
    "{\"leafIndex\":I,\"treeSize\":N,\"hashes\":[\"hex\",...]}, the form 'bulk verify' and 'merkle verify' read.",
    "--leaf and --leaf-hash find the leaf by scanning the leaf tiles (32 bytes read per leaf), with progress;",
    "--index reads one tile per stored level."})
final class BulkProveCommand extends CliCommand {
    @Option(names = "--tiles", required = true, paramLabel = "DIR", description = "The tiles directory.")
    private Path tiles;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Subject subject;

    @Mixin
    private ProgressOption progress;

    /** Which leaf: exactly one of an index, a certificate hash or a leaf hash. */
    static final class Subject {
        @Option(names = "--index", paramLabel = "I", description = "Zero-based index of the leaf.")
        Long index;

        @Option(names = "--leaf", paramLabel = "HEX", description = "The certificate hash (the leaf data), 32 bytes in hex.")
        String leaf;

        @Option(names = "--leaf-hash", paramLabel = "HEX", description = "The RFC 6962 leaf hash in hex.")
        String leafHash;
    }

    @Override
    protected int run() {
        TiledTree tree;
        try {
            tree = TiledTree.open(tiles);
        } catch (TileStoreException e) {
            throw CliFailure.input(e.getMessage(), e);
        }
        HashAlgorithm alg = tree.checkpoint().algorithm();
        long index;
        if (subject.index != null) {
            index = subject.index;
        } else {
            byte[] leafHash = subject.leafHash != null
                    ? hexOption("--leaf-hash", subject.leafHash, alg.length())
                    : MerkleTree.leafHash(alg, hexOption("--leaf", subject.leaf, 32));
            index = scan(tree, leafHash);
            if (index < 0) {
                throw CliFailure.invalid("that leaf is not among the " + tree.checkpoint().size() + " leaves of " + tiles);
            }
        }
        try {
            println(tree.inclusionProof(index).toJson());
        } catch (ProofException e) {
            throw CliFailure.input("--index: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    /**
     * Finds the first leaf with that hash, reporting progress; when the leaf is found, the final
     * report shows how far the scan went.
     */
    private long scan(TiledTree tree, byte[] leafHash) {
        try (Progress bar = progress.start(io(), "bulk prove", "leaves", 0, tree.checkpoint().size())) {
            long index = tree.indexOf(leafHash, bar::update);
            if (index >= 0) {
                bar.update(index + 1);
                return index;
            }
            bar.update(tree.checkpoint().size());
            bar.finish();
        }
        return -1;
    }
}
