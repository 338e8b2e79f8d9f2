package org.alliance.ledger.service.alliancelog;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.alliance.ledger.core.anchoring.Anchored;
import org.alliance.ledger.core.anchoring.AnchoringSettings;
import org.alliance.ledger.core.anchoring.AnchoringStatus;
import org.alliance.ledger.core.anchoring.CheckpointAnchoring;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.service.config.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Anchors the alliance log's co-signed checkpoints outside the alliance where
 * {@code alliance.log.anchor.url} is set, through the anchoring provider of the configured kind
 * found on the class path (the EVM one is in ledger-evm); with none there the service does not
 * start. Each checkpoint this instance records is submitted as it is recorded, and on the
 * schedule the latest one recorded on the ledger, whoever recorded it, so one that was recorded
 * while anchoring was down is anchored once it is up. Submitting returns at once: the ledger's
 * write path never waits on the chain.
 *
 * <p>It also adds to a record's evidence bundle the anchor of the log that holds the record's
 * batch, once one is anchored with its confirmations.
 */
@Component
public class LogAnchoring implements CheckpointProducer.CheckpointListener, SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LogAnchoring.class);
    /** Where the anchorer keeps its state, in the data directory. */
    static final String STATE_DIR = "anchoring";

    private final AnchorProperties properties;
    private final AllianceLogProperties logProperties;
    private final LedgerLog log;
    private final EvidenceLedger ledger;
    private final DataDirectory dataDirectory;
    private final CheckpointAnchoring.Provider provider;
    private volatile CheckpointAnchoring anchoring;

    /**
     * Finds the anchoring provider, where anchoring is configured.
     *
     * @param properties the anchoring settings
     * @param logProperties the log's id
     * @param log this instance's alliance log
     * @param ledger the ledger, for the recorded checkpoints
     * @param dataDirectory where the anchorer's state is kept
     * @throws IllegalStateException where anchoring is configured but no provider of its kind is on the class path
     */
    public LogAnchoring(AnchorProperties properties, AllianceLogProperties logProperties, LedgerLog log,
            @Qualifier("evidenceLedger") EvidenceLedger ledger, DataDirectory dataDirectory) {
        this.properties = properties;
        this.logProperties = logProperties;
        this.log = log;
        this.ledger = ledger;
        this.dataDirectory = dataDirectory;
        this.provider = !properties.configured() ? null : CheckpointAnchoring.Provider.find(properties.kind())
                .orElseThrow(() -> new IllegalStateException("alliance.log.anchor.url is set, but no anchoring provider of "
                        + "kind '" + properties.kind() + "' (alliance.log.anchor.kind) is on the class path: the EVM one is "
                        + "module ledger-evm, which a service built with -DskipEvm leaves out; build it without -DskipEvm "
                        + "(which needs node and npm) or remove alliance.log.anchor.url"));
    }

    /**
     * Whether anchoring is configured.
     *
     * @return true when {@code alliance.log.anchor.url} is set
     */
    public boolean configured() {
        return provider != null;
    }

    /**
     * What the anchorer is doing.
     *
     * @return its status, or empty where anchoring is not configured or not started
     */
    public Optional<AnchoringStatus> status() {
        CheckpointAnchoring a = anchoring;
        return a == null ? Optional.empty() : Optional.of(a.status());
    }

    /**
     * Anchoring as {@code GET /api/log} and health show it.
     *
     * @return {@code configured}, and where it runs the anchorer's state, why, the largest tree size
     *     anchored, the checkpoints queued, the chain's head block and the node's last answer
     */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("configured", configured());
        status().ifPresent(s -> {
            view.put("kind", properties.kind());
            view.put("state", s.state());
            view.put("healthy", s.healthy());
            view.put("detail", s.detail());
            view.put("anchoredTreeSize", s.anchoredTreeSize());
            view.put("queued", s.queued());
            view.put("headBlock", s.headBlock());
            if (s.lastContact() != null) {
                view.put("lastContact", s.lastContact().toString());
            }
        });
        return view;
    }

    @Override
    public void recorded(SignedCheckpoint checkpoint) {
        CheckpointAnchoring a = anchoring;
        if (a != null) {
            a.submit(checkpoint);
        }
    }

    /**
     * A record's evidence bundle, with the anchor of the alliance log's checkpoint that covers its
     * batch when there is one: anchored with its confirmations, recorded on the ledger, and of the
     * tree this instance's log holds.
     *
     * @param recordId the record
     * @return the ledger's bundle, with {@code logAnchor} where it can be proven
     */
    public EvidenceBundle bundle(String recordId) {
        EvidenceBundle bundle = ledger.bundle(recordId);
        CheckpointAnchoring a = anchoring;
        if (a == null) {
            return bundle;
        }
        return logAnchor(a, bundle).map(bundle::withLogAnchor).orElse(bundle);
    }

    private Optional<EvidenceBundle.LogAnchor> logAnchor(CheckpointAnchoring a, EvidenceBundle bundle) {
        AllianceLog tree = log.log();
        OptionalLong leaf = log.leafOf(bundle.batch().batchId());
        if (leaf.isEmpty() || leaf.getAsLong() >= tree.size()
                || !Arrays.equals(tree.leaf(leaf.getAsLong()), Hex.decode(bundle.batch().root()))) {
            return Optional.empty(); // the log has not read the batch yet (or was rebuilt meanwhile)
        }
        Optional<Anchored> anchored = a.covering(leaf.getAsLong());
        if (anchored.isEmpty() || anchored.get().treeSize() > tree.size()) {
            return Optional.empty();
        }
        Anchored x = anchored.get();
        Optional<SignedCheckpoint> signed = ledger.record(CheckpointProducer.recordId(logProperties.id(), x.treeSize()))
                .map(r -> r.signedRecord().record())
                .filter(r -> r.type() == RecordType.LOG_CHECKPOINT)
                .map(SignedCheckpoint::recorded)
                .filter(s -> s.checkpoint().root().equals(x.root()) && s.checkpoint().hashAlg().equals(x.hashAlg())
                        && Arrays.equals(s.checkpoint().rootBytes(), tree.rootAt(x.treeSize())));
        if (signed.isEmpty()) {
            LOG.warn("the anchored checkpoint {}@{} is not the one recorded on the ledger, or not of this instance's log",
                    logProperties.id(), x.treeSize());
            return Optional.empty();
        }
        return Optional.of(new EvidenceBundle.LogAnchor(signed.get(), leaf.getAsLong(), tree.inclusionProof(leaf.getAsLong(),
                x.treeSize()).hashes().stream().map(Hex::encode).toList(), x.proof()));
    }

    /** The latest co-signed checkpoint recorded on the ledger, as far as this instance's log has read. */
    private Optional<SignedCheckpoint> latestRecorded() {
        return log.latestCheckpoint().flatMap(e -> ledger.record(e.id()))
                .map(r -> SignedCheckpoint.recorded(r.signedRecord().record()));
    }

    @Override
    public void start() {
        if (provider == null) {
            return;
        }
        anchoring = provider.start(new AnchoringSettings(properties.url(), properties.contract(), properties.key(),
                properties.confirmations(), properties.schedule(), dataDirectory.root().resolve(STATE_DIR),
                logProperties.id()), this::latestRecorded);
        LOG.info("anchoring the checkpoints of {} with {} at {} (contract {}, {} confirmations)", logProperties.id(),
                properties.kind(), properties.url(), properties.contract(), properties.confirmations());
    }

    @Override
    public void stop() {
        CheckpointAnchoring a = anchoring;
        anchoring = null;
        if (a != null) {
            a.close();
        }
    }

    @Override
    public boolean isRunning() {
        return anchoring != null;
    }
}
