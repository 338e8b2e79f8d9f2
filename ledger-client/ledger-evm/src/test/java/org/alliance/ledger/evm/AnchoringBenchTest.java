package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Time from a checkpoint to its anchor with its confirmations, and gas per anchor, on the suite's
 * node (geth --dev, a block a second). One checkpoint at a time, as the anchorer sends them.
 * Run: {@code ./alliance mvn -pl ledger-client/ledger-evm -am test -DexcludedTestTags=none -Dtest=AnchoringBenchTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
class AnchoringBenchTest extends EvmSuite {
    private static final int CHECKPOINTS = 10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} confirmation(s)")
    @ValueSource(ints = {1, 3})
    void checkpointToConfirmedAnchor(int confirmations) throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("bench");
        List<Long> millis = new ArrayList<>();
        List<Long> gas = new ArrayList<>();
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings(submitter, alliance, dir.resolve("bench.journal"), confirmations))) {
            for (long n = 1; n <= CHECKPOINTS; n++) {
                long start = System.nanoTime();
                Anchor a = anchorer.anchor(checkpoint(alliance, n, HashAlgorithm.SHA256)).get(60, TimeUnit.SECONDS);
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                gas.add(a.gasUsed());
            }
        }
        LongSummaryStatistics t = millis.stream().mapToLong(Long::longValue).summaryStatistics();
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("anchoring bench: %d checkpoints, %d confirmation(s), block period 1 s: checkpoint -> anchor "
                + "median %d ms, min %d ms, max %d ms; gas per anchor: first %d, then %s%n", CHECKPOINTS, confirmations,
                sorted.get(sorted.size() / 2), t.getMin(), t.getMax(), gas.get(0),
                gas.subList(1, gas.size()).stream().distinct().toList());
        assertThat(contract.anchors(alliance)).hasSize(CHECKPOINTS);
    }
}
