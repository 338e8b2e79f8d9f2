package org.alliance.ledger.service.library;

import java.nio.file.Path;
import java.util.UUID;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.alliance.ledger.core.merkle.tiles.TileTreeBuilder;
import org.alliance.ledger.service.testkit.DeskPages;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.alliance.ledger.service.testkit.TestLibraries;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service with a certificate library: {@value #SIZE} certificates built into tiles by
 * {@link TileTreeBuilder} (the same code {@code ledger-cli bulk build} runs), SHA-256, the
 * synthetic library of seed 7 except certificate {@value #PDF_INDEX}, which is the SHA-256 of a
 * real PDF ({@link #PDF}), so a page can hash the file and find it. The classes extending this
 * share one application context.
 */
abstract class LibraryTestBase extends ServiceTestBase {
    /** Certificates in the library: four leaf tiles, the last one partial. */
    static final int SIZE = 1000;
    /** The leaf that is the PDF's hash. */
    static final int PDF_INDEX = 500;
    /** The synthetic certificate hashes. */
    static final SyntheticLibrary SYNTHETIC = new SyntheticLibrary(7);
    /** A certificate file of the library. */
    static final byte[] PDF = DeskPages.minimalPdf("Library certificate");
    private static final Path TILES = Path.of("target/test-data/library-" + UUID.randomUUID());
    private static Checkpoint built;

    @DynamicPropertySource
    static void library(DynamicPropertyRegistry registry) {
        registry.add("alliance.library.tiles", () -> {
            built();
            return TILES.toAbsolutePath().toString();
        });
    }

    /**
     * The library's checkpoint, building the tiles the first time.
     *
     * @return what {@code bulk build} prints
     */
    static synchronized Checkpoint built() {
        if (built == null) {
            byte[] records = TestLibraries.records(SYNTHETIC, SIZE);
            System.arraycopy(sha256(PDF), 0, records, PDF_INDEX * TileTreeBuilder.LEAF_BYTES, TileTreeBuilder.LEAF_BYTES);
            built = TestLibraries.build(TILES, records);
        }
        return built;
    }

    /**
     * The certificate hash of leaf {@code index}.
     *
     * @param index the leaf
     * @return its 32 bytes
     */
    static byte[] certificate(int index) {
        return index == PDF_INDEX ? sha256(PDF) : SYNTHETIC.hash(index);
    }

    static byte[] sha256(byte[] data) {
        return HashAlgorithm.SHA256.digest(data);
    }
}
