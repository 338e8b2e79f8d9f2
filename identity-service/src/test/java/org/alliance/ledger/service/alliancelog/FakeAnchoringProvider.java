package org.alliance.ledger.service.alliancelog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.alliance.ledger.core.anchoring.Anchored;
import org.alliance.ledger.core.anchoring.AnchoringSettings;
import org.alliance.ledger.core.anchoring.AnchoringStatus;
import org.alliance.ledger.core.anchoring.CheckpointAnchoring;
import org.alliance.ledger.core.bundle.EvmAnchorProof;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;

/**
 * An in-process anchoring provider of kind {@value #KIND} for the service's unit tests: it anchors
 * nothing anywhere, keeps what it was given, and is told by the test what is anchored and how it
 * is doing. The real one is ledger-evm's, tested against a real chain by the evm suite.
 */
public final class FakeAnchoringProvider implements CheckpointAnchoring.Provider {
    /** The kind that selects it. */
    public static final String KIND = "test-fake";
    private static volatile Fake current;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public CheckpointAnchoring start(AnchoringSettings settings, Supplier<Optional<SignedCheckpoint>> latestRecorded) {
        Fake fake = new Fake(settings, latestRecorded);
        current = fake;
        return fake;
    }

    /**
     * The anchorer the service started last.
     *
     * @return it
     */
    static Fake current() {
        return current;
    }

    /** The started anchorer. */
    static final class Fake implements CheckpointAnchoring {
        final AnchoringSettings settings;
        final Supplier<Optional<SignedCheckpoint>> latestRecorded;
        final List<SignedCheckpoint> submitted = new CopyOnWriteArrayList<>();
        private final Map<Long, Anchored> anchored = new ConcurrentSkipListMap<>();
        private volatile AnchoringStatus status = new AnchoringStatus("IDLE", "nothing to anchor", 0, 0, 1, Instant.now(), true);
        volatile boolean closed;

        Fake(AnchoringSettings settings, Supplier<Optional<SignedCheckpoint>> latestRecorded) {
            this.settings = settings;
            this.latestRecorded = latestRecorded;
        }

        @Override
        public void submit(SignedCheckpoint checkpoint) {
            submitted.add(checkpoint);
        }

        @Override
        public AnchoringStatus status() {
            return status;
        }

        void status(AnchoringStatus s) {
            status = s;
        }

        /** Marks a checkpoint anchored, with a made-up anchor proof the bundle must carry unchanged. */
        EvmAnchorProof anchor(Checkpoint c) {
            EvmAnchorProof proof = new EvmAnchorProof("0x" + "11".repeat(20), c.allianceId(), c.treeSize(), "0x" + c.root(),
                    c.hashAlg(), 7, "0x" + "22".repeat(32), "0xc0", 0, "0x" + "33".repeat(32), "0x02", List.of("0xc0"),
                    "0x02", List.of("0xc0"));
            anchored.put(c.treeSize(), new Anchored(c.treeSize(), c.root(), c.hashAlg(), proof));
            return proof;
        }

        @Override
        public Optional<Anchored> covering(long leafIndex) {
            return anchored.values().stream().filter(a -> a.treeSize() > leafIndex).findFirst();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
