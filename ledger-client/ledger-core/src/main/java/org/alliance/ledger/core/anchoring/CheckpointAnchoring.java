package org.alliance.ledger.core.anchoring;

import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;

/**
 * A running anchorer of one alliance log's co-signed checkpoints. Every method returns at once:
 * talking to the anchoring chain is the implementation's own thread's work, so a caller on the
 * ledger's write path never waits for it.
 */
public interface CheckpointAnchoring extends AutoCloseable {
    /**
     * Queues a co-signed checkpoint for anchoring; returns at once. A checkpoint already queued or
     * anchored is anchored once.
     *
     * @param checkpoint the checkpoint, of this anchorer's alliance log
     */
    void submit(SignedCheckpoint checkpoint);

    /**
     * What the anchorer is doing; never waits on the chain.
     *
     * @return the latest status
     */
    AnchoringStatus status();

    /**
     * The smallest anchored checkpoint, with its confirmations, whose tree holds a leaf.
     *
     * @param leafIndex the leaf (a batch's position in the alliance log)
     * @return the anchored checkpoint whose tree size exceeds {@code leafIndex} with the proof of its
     *     anchor, or empty when none is anchored yet (or its proof is not yet collected)
     */
    Optional<Anchored> covering(long leafIndex);

    /** Stops the anchorer; what is not yet anchored is taken up by the next one started. */
    @Override
    void close();

    /**
     * Makes anchorers of one kind; listed in {@code META-INF/services} and found with
     * {@link ServiceLoader}.
     */
    interface Provider {
        /**
         * The kind of chain this provider anchors to, as configured (e.g. {@code evm}).
         *
         * @return the kind
         */
        String kind();

        /**
         * Starts an anchorer.
         *
         * @param settings where and how to anchor
         * @param latestRecorded asked on the settings' schedule for the latest co-signed checkpoint
         *     recorded on the ledger, which is anchored if it is not yet; empty for none
         * @return the running anchorer
         * @throws IllegalArgumentException for settings this provider cannot use
         */
        CheckpointAnchoring start(AnchoringSettings settings, Supplier<Optional<SignedCheckpoint>> latestRecorded);

        /**
         * The provider of a kind on the class path.
         *
         * @param kind the kind
         * @return it, or empty when none is there
         */
        static Optional<Provider> find(String kind) {
            return ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.kind().equals(kind)).findFirst();
        }
    }
}
