package org.alliance.ledger.evm.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.alliance.ledger.core.anchoring.Anchored;
import org.alliance.ledger.core.anchoring.AnchoringStatus;
import org.alliance.ledger.core.anchoring.CheckpointAnchoring;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.evm.Anchor;
import org.alliance.ledger.evm.AnchorCheckpoint;
import org.alliance.ledger.evm.AnchorContract;
import org.alliance.ledger.evm.AnchorerSettings;
import org.alliance.ledger.evm.AnchorerStatus;
import org.alliance.ledger.evm.EvmAnchorer;
import org.alliance.ledger.evm.proof.EvmAnchorProofs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * {@link CheckpointAnchoring} on an {@link EvmAnchorer}. Beside the anchorer, a thread of its own
 * follows the contract's events of the alliance: each anchor that has its confirmations gets its
 * offline proof collected from the node once and kept, so {@link #covering} answers from memory
 * and never waits on the node. After a restart it reads the anchors already on the chain from the
 * first block again.
 */
final class EvmCheckpointAnchoring implements CheckpointAnchoring {
    private static final Logger log = LoggerFactory.getLogger(EvmCheckpointAnchoring.class);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);

    private final AnchorerSettings settings;
    private final EvmAnchorer anchorer;
    private final HttpService node;
    private final Web3j web3j;
    private final AnchorContract contract;
    private final ScheduledExecutorService collector;
    /** Anchors with their confirmations and proofs, by tree size. */
    private final ConcurrentNavigableMap<Long, Anchored> proven = new ConcurrentSkipListMap<>();
    /** The first block whose anchors are not yet proven; only the collector thread touches it. */
    private long scanFrom;
    private volatile String collectProblem;

    private EvmCheckpointAnchoring(AnchorerSettings settings, Supplier<Optional<SignedCheckpoint>> latestRecorded) {
        this.settings = settings;
        this.anchorer = EvmAnchorer.start(settings, () -> latestRecorded.get().map(s -> anchorCheckpoint(s.checkpoint())));
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(RPC_TIMEOUT).readTimeout(RPC_TIMEOUT)
                .writeTimeout(RPC_TIMEOUT).build();
        this.node = new HttpService(settings.nodeUrl(), http);
        this.web3j = Web3j.build(node);
        this.contract = new AnchorContract(web3j, settings.contractAddress());
        this.collector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evm-anchor-proofs-" + settings.allianceId());
            t.setDaemon(true);
            return t;
        });
    }

    static EvmCheckpointAnchoring start(AnchorerSettings settings, Supplier<Optional<SignedCheckpoint>> latestRecorded) {
        EvmCheckpointAnchoring anchoring = new EvmCheckpointAnchoring(settings, latestRecorded);
        long poll = settings.pollInterval().toMillis();
        anchoring.collector.scheduleWithFixedDelay(anchoring::collect, 0, poll, TimeUnit.MILLISECONDS);
        return anchoring;
    }

    @Override
    public void submit(SignedCheckpoint checkpoint) {
        anchorer.anchor(anchorCheckpoint(checkpoint.checkpoint())).whenComplete((anchor, failure) -> {
            if (failure != null) {
                log.warn("checkpoint {}@{} is not anchored: {}", checkpoint.checkpoint().allianceId(),
                        checkpoint.checkpoint().treeSize(), failure.getMessage());
            }
        });
    }

    @Override
    public AnchoringStatus status() {
        AnchorerStatus s = anchorer.status();
        String detail = s.detail();
        String problem = collectProblem;
        if (problem != null && s.healthy()) {
            detail = detail + "; collecting anchor proofs: " + problem;
        }
        long anchored = Math.max(s.anchoredTreeSize(), proven.isEmpty() ? 0 : proven.lastKey());
        return new AnchoringStatus(s.state().name(), detail, anchored, s.queued(), s.headBlock(), s.lastContact(), s.healthy());
    }

    @Override
    public Optional<Anchored> covering(long leafIndex) {
        return Optional.ofNullable(proven.ceilingEntry(leafIndex + 1))
                .map(Map.Entry::getValue);
    }

    @Override
    public void close() {
        collector.shutdownNow();
        try {
            collector.awaitTermination(RPC_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        web3j.shutdown();
        anchorer.close();
    }

    /**
     * Proves the anchors of the blocks that have their confirmations since the last pass. A block
     * with enough confirmations is taken as final, as the anchorer takes it.
     */
    private void collect() {
        try {
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            long confirmedTo = head - settings.confirmations() + 1;
            if (confirmedTo < scanFrom) {
                return;
            }
            List<Anchor> anchors = contract.anchors(settings.allianceId(), scanFrom, confirmedTo);
            for (Anchor a : anchors) {
                long size = a.checkpoint().treeSize();
                if (!proven.containsKey(size)) {
                    proven.put(size, new Anchored(size, Hex.encode(a.checkpoint().root()), a.checkpoint().algorithm().id(),
                            EvmAnchorProofs.collect(node, a, settings.contractAddress())));
                    log.info("proof of the anchor of {} (block {}) collected", a.checkpoint(), a.blockNumber());
                }
            }
            scanFrom = confirmedTo + 1;
            collectProblem = null;
        } catch (IOException | RuntimeException e) {
            if (collector.isShutdown()) {
                return;
            }
            // The anchorer's status already says when the node does not answer; this says what else failed.
            collectProblem = e.getMessage();
            log.debug("collecting anchor proofs failed; trying again at the next poll", e);
        }
    }

    private static AnchorCheckpoint anchorCheckpoint(Checkpoint c) {
        return new AnchorCheckpoint(c.allianceId(), c.treeSize(), c.rootBytes(), c.algorithm());
    }
}
