package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.evm.AnchorerStatus.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The anchorer's nonces across a SIGKILL and a restart, a stuck transaction replaced with a higher
 * fee, and a receipt whose block leaves the chain before its confirmations.
 */
class AnchorerRecoveryEvmTest extends EvmSuite {
    private static final int CHECKPOINTS = 5;
    private static final long KILL_AT = 3;

    @TempDir
    Path dir;

    @Test
    void killedMidFlightAndRestartedNeitherSkipsNorDuplicates() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("kill");
        Path journal = dir.resolve("anchorer.journal");
        Path log = dir.resolve("anchorer.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AnchorerMain.class.getName(),
                node.url, Numeric.toHexStringWithPrefixZeroPadded(submitter.getEcKeyPair().getPrivateKey(), 64),
                contract.address(), alliance, journal.toString(), Integer.toString(CHECKPOINTS), "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        InFlight atKill;
        try {
            // Killed as soon as it says it sent checkpoint 3: its transaction is in the journal and
            // in flight (in the pool, or included with fewer than its 2 confirmations).
            String sent = "sent anchor transaction";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!logSays(log, sent, "@" + KILL_AT + " ") && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(logSays(log, sent, "@" + KILL_AT + " ")).as(Files.readString(log)).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        atKill = InFlight.load(journal);
        assertThat(atKill).as("the journal holds the transaction in flight").isNotNull();
        assertThat(atKill.checkpoint.treeSize()).isEqualTo(KILL_AT);

        List<Anchor> anchored;
        try (EvmAnchorer restarted = EvmAnchorer.start(settings(submitter, alliance, journal, 2))) {
            // The restarted service offers every checkpoint again, as it would from the ledger.
            List<CompletableFuture<Anchor>> futures = LongStream.rangeClosed(1, CHECKPOINTS)
                    .mapToObj(n -> restarted.anchor(checkpoint(alliance, n, HashAlgorithm.SHA256))).toList();
            anchored = futures.stream().map(f -> f.orTimeout(90, TimeUnit.SECONDS).join()).toList();
            assertThat(restarted.replacements()).isZero();
        }
        List<AnchorCheckpoint> expected = LongStream.rangeClosed(1, CHECKPOINTS)
                .mapToObj(n -> checkpoint(alliance, n, HashAlgorithm.SHA256)).toList();
        assertThat(anchored).extracting(Anchor::checkpoint).containsExactlyElementsOf(expected);
        // On the chain: each checkpoint once, in order, and checkpoint 3 by the very transaction the
        // killed process sent (tracked under its nonce, not sent again).
        List<Anchor> events = contract.anchors(alliance);
        assertThat(events).extracting(Anchor::checkpoint).containsExactlyElementsOf(expected);
        assertThat(events.get((int) KILL_AT - 1).transactionHash()).isEqualTo(atKill.latestHash());
        // One transaction per checkpoint: no duplicate was sent (and reverted) under another nonce.
        BigInteger nonce = web3j.ethGetTransactionCount(submitter.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
        assertThat(nonce).isEqualTo(BigInteger.valueOf(CHECKPOINTS));
        assertThat(journal).doesNotExist();
    }

    /** Long enough for a busy machine to send the first transaction before it is deemed stuck. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(5);

    @Test
    void aStuckTransactionIsReplacedWithAHigherFee() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("stuck");
        // A fee cap of 1 wei is below any base fee of the chain: geth pools the transaction and
        // never includes it, which is how an underpriced transaction gets stuck.
        AnchorerSettings settings = settings(submitter, alliance, dir.resolve("stuck.journal"), 1)
                .withTimings(Duration.ofMillis(200), STUCK_AFTER, Duration.ZERO)
                .withFirstFees(BigInteger.ONE, BigInteger.ONE);
        Anchor anchor;
        String first;
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings)) {
            CompletableFuture<Anchor> f = anchorer.anchor(checkpoint(alliance, 1, HashAlgorithm.SHA256));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (InFlight.load(settings.journal()) == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first = InFlight.load(settings.journal()).hashes.get(0);
            // The journal is written before the transaction is sent, so the node may not have it
            // yet; it must before the anchorer deems it stuck and replaces it.
            long pooledBy = System.nanoTime() + STUCK_AFTER.minusMillis(500).toNanos();
            boolean pooled = web3j.ethGetTransactionByHash(first).send().getTransaction().isPresent();
            while (!pooled && System.nanoTime() < pooledBy) {
                Thread.sleep(20);
                pooled = web3j.ethGetTransactionByHash(first).send().getTransaction().isPresent();
            }
            assertThat(pooled).as("the 1-wei transaction in the node's pool").isTrue();
            anchor = f.get(60, TimeUnit.SECONDS);
            assertThat(anchorer.replacements()).isPositive();
        }
        assertThat(anchor.transactionHash()).isNotEqualTo(first);
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(anchor.transactionHash()).send().getTransactionReceipt()
                .orElseThrow();
        assertThat(Numeric.decodeQuantity(receipt.getEffectiveGasPrice())).isGreaterThan(BigInteger.ONE);
        assertThat(web3j.ethGetTransactionReceipt(first).send().getTransactionReceipt()).isEmpty();
        assertThat(contract.anchors(alliance)).extracting(Anchor::checkpoint)
                .containsExactly(checkpoint(alliance, 1, HashAlgorithm.SHA256));
        assertThat(web3j.ethGetTransactionCount(submitter.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount()).isEqualTo(BigInteger.ONE);
    }

    /** Enough blocks (a block a second) for the test to take the receipt's block off the chain first. */
    private static final int REORG_CONFIRMATIONS = 6;

    @Test
    void aReceiptWhoseBlockLeavesTheChainIsAnchoredAgainOnTheNewChain() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("reorg");
        AnchorerSettings settings = settings(submitter, alliance, dir.resolve("reorg.journal"), REORG_CONFIRMATIONS);
        AnchorCheckpoint checkpoint = checkpoint(alliance, 1, HashAlgorithm.SHA256);
        Anchor anchor;
        TransactionReceipt first;
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings)) {
            CompletableFuture<Anchor> f = anchorer.anchor(checkpoint);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (InFlight.load(settings.journal()) == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String hash = InFlight.load(settings.journal()).latestHash();
            first = null;
            while (first == null && System.nanoTime() < deadline) {
                first = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElse(null);
                Thread.sleep(20);
            }
            assertThat(first).as("the anchor transaction included").isNotNull();
            // Let the anchorer see the receipt (it polls every 200 ms), then take its block and every
            // later one off the chain, as a reorganisation would: geth drops the transaction with them.
            Thread.sleep(1000);
            assertThat(f).as("not final before its confirmations").isNotDone();
            setHead(first.getBlockNumber().longValueExact() - 1);
            var atThatHeight = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(first.getBlockNumber()), false).send()
                    .getBlock();
            assertThat(atThatHeight == null ? null : atThatHeight.getHash()).isNotEqualTo(first.getBlockHash());
            anchor = f.get(90, TimeUnit.SECONDS);
        }
        // The same signed transaction, sent again, in a block of the new chain: anchored once.
        assertThat(anchor.transactionHash()).isEqualTo(first.getTransactionHash());
        assertThat(anchor.blockHash()).isNotEqualTo(first.getBlockHash());
        TransactionReceipt now = web3j.ethGetTransactionReceipt(anchor.transactionHash()).send().getTransactionReceipt()
                .orElseThrow();
        assertThat(now.getBlockHash()).isEqualTo(anchor.blockHash());
        assertThat(contract.anchors(alliance)).extracting(Anchor::checkpoint).containsExactly(checkpoint);
        assertThat(web3j.ethGetTransactionCount(submitter.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount()).isEqualTo(BigInteger.ONE);
    }

    /** geth's debug_setHead: rewinds the chain to a block, deleting every block after it. */
    private static void setHead(long block) throws IOException {
        VoidResponse r = new Request<>("debug_setHead", List.of(Numeric.encodeQuantity(BigInteger.valueOf(block))),
                new HttpService(node.url), VoidResponse.class).send();
        assertThat(r.hasError()).as("debug_setHead: %s", r.hasError() ? r.getError().getMessage() : "").isFalse();
    }

    private static boolean logSays(Path log, String... parts) throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .anyMatch(l -> List.of(parts).stream().allMatch(l::contains));
    }
}
