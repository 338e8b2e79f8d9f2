package org.alliance.ledger.core.merkle.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The tiled build against the in-memory {@link MerkleTree}, interruption and resume, and proofs from tiles. */
class TileTreeBuilderTest {
    private static final SyntheticLibrary LIBRARY = new SyntheticLibrary(42);
    private static final int B = TileTreeBuilder.LEAF_BYTES;

    @TempDir
    Path tmp;

    static Stream<Arguments> sizes() {
        List<Arguments> cases = new ArrayList<>();
        long[] sizes = {0, 1, 2, 3, 7, 8, 255, 256, 257, 511, 512, 513, 1000, 4095, 65535, 65536, 65537, 65536 + 256 * 3 + 17, 140_001};
        for (HashAlgorithm alg : HashAlgorithm.values()) {
            for (long size : sizes) {
                if (alg == HashAlgorithm.SM3 && size > 70_000) {
                    continue;
                }
                cases.add(Arguments.of(alg, size));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} size {1}")
    @MethodSource("sizes")
    void rootAndProofsMatchTheInMemoryTree(HashAlgorithm alg, long size) {
        Path dir = tmp.resolve("t");
        Checkpoint checkpoint;
        try (TileTreeBuilder builder = TileTreeBuilder.open(dir, alg, 2)) {
            appendInChunks(builder, 0, size, new SplittableRandom(size));
            checkpoint = builder.finish();
        }
        MerkleTree expected = MerkleTree.of(alg, records(0, size));
        assertThat(checkpoint.size()).isEqualTo(size);
        assertThat(Hex.encode(checkpoint.root())).isEqualTo(Hex.encode(expected.root()));

        TiledTree tree = TiledTree.open(dir);
        assertThat(tree.checkpoint()).isEqualTo(checkpoint);
        assertThat(tree.computeRoot()).isEqualTo(expected.root());
        SplittableRandom random = new SplittableRandom(size + 1);
        for (int i = 0; i < Math.min(size, 40); i++) {
            int index = i < 3 ? (int) (size - 1 - i) : random.nextInt((int) size);
            if (index < 0) {
                continue;
            }
            InclusionProof proof = tree.inclusionProof(index);
            assertThat(proof).isEqualTo(expected.inclusionProof(index));
            MerkleVerifier.verifyInclusion(alg, LIBRARY.hash(index), proof, checkpoint.root());
            assertThat(tree.leafHash(index)).isEqualTo(expected.leafHash(index));
            assertThat(tree.indexOf(expected.leafHash(index))).isEqualTo(index);
        }
        assertThat(tree.indexOf(new byte[alg.length()])).isEqualTo(-1);
        // A scan for a leaf that is not there reports each full pack of 256 tiles as it reads it.
        List<Long> scanned = new ArrayList<>();
        assertThat(tree.indexOf(new byte[alg.length()], scanned::add)).isEqualTo(-1);
        List<Long> packs = new ArrayList<>();
        long inFullTiles = size / 256 * 256;
        for (long read = 0; read < inFullTiles; read = Math.min(read + 65_536, inFullTiles)) {
            packs.add(Math.min(read + 65_536, inFullTiles));
        }
        assertThat(scanned).isEqualTo(packs);
        for (long old : new long[] {1, size / 3, size / 2 + 1, size - 1, size}) {
            if (old >= 1 && old <= size) {
                assertThat(new ConsistencyProof(old, size, tree.consistencyProof(old)))
                        .isEqualTo(expected.consistencyProof((int) old, (int) size));
            }
        }
        if (size > 0) {
            long lastTile = (size - 1) / 256;
            assertThat(tree.leafTile(lastTile)).hasSize((int) (size - lastTile * 256) * alg.length());
            assertThatThrownBy(() -> tree.leafTile(lastTile + 1)).isInstanceOf(ProofException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void anInterruptedBuildResumesFromItsTilesToTheSameRoot(HashAlgorithm alg) throws IOException {
        long size = 3 * 65536 + 1234;
        byte[] expected = MerkleTree.of(alg, records(0, size)).root();
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 6; run++) {
            Path dir = tmp.resolve(alg + "-" + run);
            long stop = 0;
            // Each leg stops at an arbitrary point without flushing, as a kill would.
            while (stop < size) {
                long next = Math.min(size, stop + 1 + random.nextLong(size / 2));
                TileTreeBuilder builder = TileTreeBuilder.open(dir, alg, 1 + random.nextInt(2));
                assertThat(builder.size()).isLessThanOrEqualTo(stop).isGreaterThan(stop - 2 * 256 - 1); // a damaged leaf tile costs one more tile
                appendInChunks(builder, builder.size(), next, random);
                builder.close();
                if (run % 2 == 1) {
                    damageLastTiles(dir);
                }
                stop = next;
            }
            try (TileTreeBuilder builder = TileTreeBuilder.open(dir, alg, 2)) {
                appendInChunks(builder, builder.size(), size, random);
                assertThat(builder.finish().root()).as("run %d", run).isEqualTo(expected);
            }
        }
    }

    @Test
    void aFinishedBuildResumesExactlyAtItsSizeAndAppends() {
        Path dir = tmp.resolve("t");
        try (TileTreeBuilder builder = TileTreeBuilder.open(dir, HashAlgorithm.SHA256, 2)) {
            appendInChunks(builder, 0, 1000, new SplittableRandom(1));
            builder.finish();
        }
        try (TileTreeBuilder builder = TileTreeBuilder.open(dir, HashAlgorithm.SHA256, 2)) {
            assertThat(builder.size()).isEqualTo(1000);
            appendInChunks(builder, 1000, 70_000, new SplittableRandom(2));
            assertThat(builder.finish().root()).isEqualTo(MerkleTree.of(HashAlgorithm.SHA256, records(0, 70_000)).root());
        }
        // The old checkpoint's partial tiles remain valid: a proof for size 1000 can still be served.
        assertThat(TiledTree.open(dir).checkpoint().size()).isEqualTo(70_000);
    }

    @Test
    void aTamperedProofFromTilesIsRefused() {
        Path dir = tmp.resolve("t");
        Checkpoint checkpoint;
        try (TileTreeBuilder builder = TileTreeBuilder.open(dir, HashAlgorithm.SM3, 2)) {
            appendInChunks(builder, 0, 5000, new SplittableRandom(3));
            checkpoint = builder.finish();
        }
        InclusionProof proof = TiledTree.open(dir).inclusionProof(4321);
        List<byte[]> hashes = proof.hashes();
        hashes.get(5)[0] ^= 1;
        InclusionProof tampered = new InclusionProof(4321, proof.treeSize(), hashes);
        assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(HashAlgorithm.SM3, LIBRARY.hash(4321), tampered, checkpoint.root()))
                .isInstanceOf(ProofException.class).hasMessageContaining("inclusion proof leads to root");
        InclusionProof moved = new InclusionProof(4322, proof.treeSize(), proof.hashes());
        assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(HashAlgorithm.SM3, LIBRARY.hash(4321), moved, checkpoint.root()))
                .isInstanceOf(ProofException.class);
        MerkleVerifier.verifyInclusion(HashAlgorithm.SM3, LIBRARY.hash(4321), proof, checkpoint.root());
    }

    @Test
    void anotherAlgorithmOrAForeignDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path dir = tmp.resolve("t");
        try (TileTreeBuilder builder = TileTreeBuilder.open(dir, HashAlgorithm.SHA256, 1)) {
            builder.finish();
        }
        assertThatThrownBy(() -> TileTreeBuilder.open(dir, HashAlgorithm.SM3, 1))
                .isInstanceOf(TileStoreException.class).hasMessageContaining("holds a sha256 tree, not sm3");
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> TileTreeBuilder.open(foreign, HashAlgorithm.SHA256, 1))
                .isInstanceOf(TileStoreException.class).hasMessageContaining("neither empty nor a tiles directory");
        try (Stream<Path> files = Files.list(foreign)) {
            assertThat(files).containsExactly(foreign.resolve("notes.txt"));
        }
        assertThatThrownBy(() -> TiledTree.open(foreign)).isInstanceOf(TileStoreException.class);
    }

    @Test
    void tilePathsFollowTheTlogLayout() {
        TileStore store = TileStore.open(tmp.resolve("t"), HashAlgorithm.SHA256, true);
        Path tile = tmp.resolve("t").resolve("tile").resolve("8");
        assertThat(store.tilePath(0, 5, 256)).isEqualTo(tile.resolve("0/005"));
        assertThat(store.tilePath(1, 1234067, 256)).isEqualTo(tile.resolve("1/x001/x234/067"));
        assertThat(store.tilePath(2, 1000, 17)).isEqualTo(tile.resolve("2/x001/000.p/17"));
        assertThat(store.packPath(1234067)).isEqualTo(tile.resolve("0/pack/x001/x234/067"));
    }

    /** Appends records [from, to) in chunks of random sizes, so that runs start and end anywhere in a tile. */
    private static void appendInChunks(TileTreeBuilder builder, long from, long to, SplittableRandom random) {
        long next = from;
        while (next < to) {
            int count = (int) Math.min(to - next, 1 + random.nextInt(random.nextBoolean() ? 300 : 70_000));
            byte[] buffer = new byte[count * B + 3];
            LIBRARY.fill(next, count, buffer, 3);
            builder.append(buffer, 3, count);
            next += count;
        }
    }

    private static List<byte[]> records(long from, long to) {
        List<byte[]> leaves = new ArrayList<>();
        for (long i = from; i < to; i++) {
            leaves.add(LIBRARY.hash(i));
        }
        return leaves;
    }

    /** What a kill can leave: the last leaf tile written torn, and the level-1 tile it completed not yet written. */
    private static void damageLastTiles(Path dir) throws IOException {
        for (String level : List.of("0", "1")) {
            Path levelDir = dir.resolve("tile/8/" + level);
            if (!Files.isDirectory(levelDir)) {
                continue;
            }
            Path last;
            try (Stream<Path> files = Files.walk(levelDir)) {
                last = files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".p"))
                        .max(java.util.Comparator.comparing(Path::toString)).orElse(null);
            }
            if (last == null) {
                continue;
            }
            if (level.equals("0")) {
                try (var channel = java.nio.channels.FileChannel.open(last, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.truncate(Math.max(0, channel.size() - 100));
                }
            } else {
                Files.delete(last);
            }
        }
    }
}
