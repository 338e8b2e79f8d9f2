package org.alliance.ledger.service.testkit;

import java.nio.file.Path;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.alliance.ledger.core.merkle.tiles.TileTreeBuilder;

/** Certificate libraries in tiles for the service's {@code alliance.library.tiles}, built as {@code ledger-cli bulk build} builds them. */
public final class TestLibraries {
    private TestLibraries() {
    }

    /**
     * Builds a SHA-256 library of the given certificate hashes into a new tiles directory.
     *
     * @param dir the tiles directory, absent or empty
     * @param records the certificate hashes, 32 bytes each, back to back
     * @return the checkpoint {@code bulk build} prints
     */
    public static Checkpoint build(Path dir, byte[] records) {
        try (TileTreeBuilder builder = TileTreeBuilder.open(dir, HashAlgorithm.SHA256, 1)) {
            builder.append(records, 0, records.length / TileTreeBuilder.LEAF_BYTES);
            return builder.finish();
        }
    }

    /**
     * The certificate hashes of a synthetic library.
     *
     * @param library the library
     * @param size how many certificates
     * @return {@code size} hashes, back to back
     */
    public static byte[] records(SyntheticLibrary library, int size) {
        byte[] records = new byte[size * TileTreeBuilder.LEAF_BYTES];
        library.fill(0, size, records, 0);
        return records;
    }
}
