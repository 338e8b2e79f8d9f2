package org.alliance.ledger.service.library;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Certificate library settings ({@code alliance.library.*}).
 *
 * @param tiles the tiles directory a finished {@code ledger-cli bulk build} wrote; absent turns the
 *     library off (its endpoints answer 404 LIBRARY_NOT_CONFIGURED)
 * @param logId the log id the library's checkpoints are recorded under (an MSP-id-like name:
 *     letters, digits, {@code .} and {@code -}); absent means {@code ORG-LIBRARY} for this
 *     service's org. It must not be the alliance log's id: the two are different trees
 * @param maxIndexedLeaves the largest library whose certificates can be looked up by hash: the
 *     service keeps an index in memory of 24 to 48 bytes per certificate (24 MiB for the default
 *     2^20), built at startup; a larger library answers proofs by index only. At most 2^28
 */
@ConfigurationProperties("alliance.library")
public record LibraryProperties(Path tiles, String logId, @DefaultValue("1048576") int maxIndexedLeaves) {
    /** The most certificates the index can hold: its slots are counted in an int. */
    static final int MAX_INDEXED = 1 << 28;

    /**
     * Checks the index limit.
     *
     * @throws IllegalArgumentException for a limit below 0 or above 2^28
     */
    public LibraryProperties {
        if (maxIndexedLeaves < 0 || maxIndexedLeaves > MAX_INDEXED) {
            throw new IllegalArgumentException("alliance.library.max-indexed-leaves must be 0 to " + MAX_INDEXED
                    + ", got " + maxIndexedLeaves);
        }
    }
}
