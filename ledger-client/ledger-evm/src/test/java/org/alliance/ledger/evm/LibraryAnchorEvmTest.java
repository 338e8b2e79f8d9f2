package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.alliance.ledger.core.merkle.tiles.TileTreeBuilder;
import org.alliance.ledger.core.merkle.tiles.TiledTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate library anchored to the chain: its tree built as tiles from a synthetic library,
 * its checkpoint anchored through the anchorer, and the proof of one certificate, served from the
 * tiles, verified against the root read back from the contract's events alone. By default the
 * library has 100,000 certificates; {@code -Dlibrary.tiles=DIR} uses a tree built before (such as
 * the bulk benchmark's 1.64 × 10^8, with {@code -Dlibrary.seed} the seed it was generated with).
 */
class LibraryAnchorEvmTest extends EvmSuite {
    @TempDir
    Path dir;

    @Test
    void aCertificateOfTheLibraryIsProvenAgainstTheRootOnTheChain() throws Exception {
        SyntheticLibrary library = new SyntheticLibrary(Long.getLong("library.seed", 2026));
        String given = System.getProperty("library.tiles");
        long built = System.nanoTime();
        Path tiles = given != null ? Path.of(given) : build(library, dir.resolve("library"), 100_000);
        double buildSeconds = (System.nanoTime() - built) / 1e9;
        TiledTree tree = TiledTree.open(tiles);
        Checkpoint libraryCheckpoint = tree.checkpoint();

        String alliance = alliance("library");
        AnchorCheckpoint checkpoint = new AnchorCheckpoint(alliance, libraryCheckpoint.size(), libraryCheckpoint.root(), libraryCheckpoint.algorithm());
        long sent = System.nanoTime();
        Anchor anchor;
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings(submitter(), alliance, dir.resolve("journal"), 1))) {
            anchor = anchorer.anchor(checkpoint).get(60, TimeUnit.SECONDS);
        }
        double anchorSeconds = (System.nanoTime() - sent) / 1e9;

        // What the chain says, from its events alone.
        List<Anchor> onChain = contract.anchors(alliance);
        assertThat(onChain).hasSize(1);
        AnchorCheckpoint anchored = onChain.get(0).checkpoint();
        assertThat(anchored.treeSize()).isEqualTo(libraryCheckpoint.size());
        assertThat(anchored.algorithm()).isEqualTo(libraryCheckpoint.algorithm());

        long index = new Random(anchor.blockNumber()).nextLong(libraryCheckpoint.size());
        byte[] certificate = library.hash(index);
        assertThat(tree.leafHash(index)).as("leaf %d holds certificate %d of the library of seed %s", index, index,
                Long.getLong("library.seed", 2026)).isEqualTo(MerkleTree.leafHash(libraryCheckpoint.algorithm(), certificate));
        long proving = System.nanoTime();
        InclusionProof proof = tree.inclusionProof(index);
        double proofMillis = (System.nanoTime() - proving) / 1e6;
        MerkleVerifier.verifyInclusion(anchored.algorithm(), certificate, proof, anchored.root());

        byte[] forged = certificate.clone();
        forged[31] ^= 1;
        assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(anchored.algorithm(), forged, proof, anchored.root()))
                .isInstanceOf(ProofException.class);
        System.err.printf("evm suite: library of %,d certificates (%s), tiles %s in %.1f s; anchored in block %d in %.1f s "
                        + "(%,d gas); certificate %,d proven from the tiles in %.2f ms against the root on the chain%n",
                libraryCheckpoint.size(), libraryCheckpoint.algorithm().id(), given != null ? "given" : "built", buildSeconds,
                anchor.blockNumber(), anchorSeconds, anchor.gasUsed(), index, proofMillis);
    }

    private static Path build(SyntheticLibrary library, Path tiles, int count) {
        byte[] records = new byte[count * 32];
        library.fill(0, count, records, 0);
        try (TileTreeBuilder builder = TileTreeBuilder.open(tiles, HashAlgorithm.SHA256, 2)) {
            builder.append(records, 0, count);
            builder.finish();
        }
        return tiles;
    }
}
