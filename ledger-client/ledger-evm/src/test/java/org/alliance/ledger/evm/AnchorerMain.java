package org.alliance.ledger.evm;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.web3j.crypto.Credentials;

/**
 * An anchorer in a JVM of its own, which the recovery test kills with SIGKILL mid-flight.
 * Arguments: node URL, submitter key (hex), contract, alliance, journal, checkpoint count, confirmations.
 * Anchors checkpoints 1..count (roots as {@link EvmSuite#checkpoint}) and exits 0 when all are anchored.
 */
public final class AnchorerMain {
    private AnchorerMain() {
    }

    /**
     * Runs the anchorer.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        AnchorerSettings settings = AnchorerSettings.of(args[0], Credentials.create(args[1]), args[2], args[3], Path.of(args[4]))
                .withConfirmations(Integer.parseInt(args[6]))
                .withTimings(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(30), java.time.Duration.ZERO);
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings)) {
            List<CompletableFuture<Anchor>> all = LongStream.rangeClosed(1, Long.parseLong(args[5]))
                    .mapToObj(n -> anchorer.anchor(EvmSuite.checkpoint(args[3], n, HashAlgorithm.SHA256))).toList();
            all.forEach(CompletableFuture::join);
        }
    }
}
