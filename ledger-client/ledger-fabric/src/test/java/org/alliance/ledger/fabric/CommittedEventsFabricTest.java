package org.alliance.ledger.fabric;

import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.alliance.ledger.fabric.FabricAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed batches as chaincode events from a durable checkpoint, on the real network: a
 * consumer stopped and restarted at random points, sometimes between receiving a batch and
 * checkpointing it, while writes go on, sees every batch once, in the chain's order.
 */
class CommittedEventsFabricTest extends FabricSuite {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRestartedConsumerNeitherMissesNorRepeatsABatch(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int writes = 12;
        FabricLedger zz = alliance.ledger(ZZ);
        Instant t = alliance.agreed.plusSeconds(600);
        // The writer: one attestation per transaction while the consumer restarts.
        CompletableFuture<List<String>> written = CompletableFuture.supplyAsync(() -> {
            List<String> txIds = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                txIds.add(zz.submit(caller(ZZ, Role.SERVICE), List.of(alliance.signer(ZZ).create(
                        "att-ev-" + alliance.run + "-" + i, t.plusSeconds(i), null, alliance.attestation(i)))).batchId());
            }
            return txIds;
        });

        Path checkpoint = dir.resolve("events.checkpoint");
        List<String> handled = new ArrayList<>();
        int restarts = 0;
        int droppedBeforeCheckpoint = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> expected = null;
        while (expected == null || !handled.containsAll(expected)) {
            assertThat(System.nanoTime()).as("all %d writes seen within %s (seed %d)", writes, WAIT, seed).isLessThan(deadline);
            // Each consumer handles a random number of batches, then stops.
            int quota = 1 + random.nextInt(4);
            try (CommittedEvents events = zz.committedEvents(checkpoint)) {
                for (int i = 0; i < quota; i++) {
                    Optional<CommittedBatch> batch = events.poll(Duration.ofSeconds(2));
                    if (batch.isEmpty()) {
                        break;
                    }
                    if (random.nextInt(5) == 0) {
                        // Crashed after receiving, before handling: the batch must come again.
                        droppedBeforeCheckpoint++;
                        break;
                    }
                    handled.add(batch.get().transactionId());
                    events.checkpoint(batch.get());
                }
            }
            restarts++;
            if (expected == null && written.isDone()) {
                expected = written.get();
            }
        }
        assertThat(written.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(Files.exists(checkpoint)).isTrue();

        // The reference: one uninterrupted stream from the first block, up to the last write.
        List<String> reference = new ArrayList<>();
        String last = expected.get(expected.size() - 1);
        try (CommittedEvents events = zz.committedEvents(dir.resolve("reference.checkpoint"))) {
            while (!last.equals(reference.isEmpty() ? null : reference.get(reference.size() - 1))) {
                CommittedBatch b = events.poll(Duration.ofSeconds(30)).orElseThrow(
                        () -> new AssertionError("the reference stream stalled after " + reference.size() + " batches"));
                reference.add(b.transactionId());
            }
        }
        int end = handled.indexOf(last) + 1;
        assertThat(handled.subList(0, end)).as("seed %d, %d restarts", seed, restarts).isEqualTo(reference);
        assertThat(handled).doesNotHaveDuplicates();
        System.err.printf("fabric suite: events: %d batches handled over %d restarts, %d dropped before checkpoint (seed %d)%n",
                end, restarts, droppedBeforeCheckpoint, seed);
    }
}
