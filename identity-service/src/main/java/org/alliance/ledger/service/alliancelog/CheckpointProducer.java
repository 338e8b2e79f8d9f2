package org.alliance.ledger.service.alliancelog;

import java.net.http.HttpClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.service.web.SerialWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The producer of the alliance log's checkpoints, where this instance is configured as it
 * ({@code alliance.log.produce=true}): on a schedule and on demand, when the log has grown past
 * the last recorded checkpoint, it signs a checkpoint of the current tree, asks every configured
 * witness to co-sign it, and with enough co-signatures records it on the ledger through the outbox
 * as a {@code LOG_CHECKPOINT} record ({@code LOG-ID/size-N}) that carries the consistency proof
 * from the previous recorded one. Without enough, nothing is recorded and the attempt is reported.
 *
 * <p>The checkpoint's time is the record's: the rules rebuild the signed checkpoint from the
 * record, so both are the same second.
 */
@Component
public class CheckpointProducer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointProducer.class);

    private final AllianceLogProperties properties;
    private final LedgerLog log;
    private final EvidenceWrites evidence;
    private final EvidenceLedger ledger;
    private final Signer signer;
    private final List<WitnessClient> witnesses = new ArrayList<>();
    private final SerialWrites lane = new SerialWrites();
    private final List<CheckpointListener> listeners;
    private final MemberKeys members;
    private volatile ScheduledExecutorService scheduler;
    private volatile Attempt lastAttempt;

    /**
     * What the last attempt to checkpoint found.
     *
     * @param time when it ran
     * @param treeSize the size it checkpointed, or the log's size when there was nothing to do
     * @param recordId the record it wrote, or {@code null}
     * @param cosignedBy the witnesses that co-signed
     * @param refusedBy each witness that did not, with why
     * @param outcome RECORDED, UP_TO_DATE, NOT_CAUGHT_UP, TOO_FEW_COSIGNATURES or REFUSED_BY_RULES
     */
    public record Attempt(Instant time, long treeSize, String recordId, List<String> cosignedBy,
            Map<String, String> refusedBy, String outcome) {
    }

    /**
     * Something told when a co-signed checkpoint has been put on its way to the ledger, such as
     * the EVM anchorer.
     */
    public interface CheckpointListener {
        /**
         * Called after the checkpoint's record is in the outbox.
         *
         * @param checkpoint the co-signed checkpoint
         */
        void recorded(SignedCheckpoint checkpoint);
    }

    /**
     * Creates the producer.
     *
     * @param properties the log settings: whether to produce, how often, the witnesses
     * @param log this instance's alliance log
     * @param evidence the write path
     * @param ledger the ledger, for the chain's head
     * @param signer this service's record key, which signs the checkpoint
     * @param listeners told of each recorded checkpoint
     * @param members the keys the agreement in force registers, which co-signatures must be made with
     */
    public CheckpointProducer(AllianceLogProperties properties, LedgerLog log, EvidenceWrites evidence,
            @Qualifier("evidenceLedger") EvidenceLedger ledger, Signer signer, List<CheckpointListener> listeners,
            MemberKeys members) {
        this.members = members;
        this.properties = properties;
        this.log = log;
        this.evidence = evidence;
        this.ledger = ledger;
        this.signer = signer;
        this.listeners = List.copyOf(listeners);
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.witnessTimeout()).build();
        properties.witnesses().forEach((org, url) -> witnesses.add(new WitnessClient(org, url, http,
                properties.witnessTimeout())));
    }

    /**
     * The last attempt's outcome.
     *
     * @return it, or empty before the first
     */
    public Optional<Attempt> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    /**
     * Checkpoints the log now.
     *
     * @return what the attempt found
     * @throws ApiException 409 NOT_THE_PRODUCER where this instance does not produce checkpoints
     */
    public Attempt checkpointNow() {
        if (!properties.produce()) {
            throw new ApiException(HttpStatus.CONFLICT, "NOT_THE_PRODUCER", "this instance does not produce the "
                    + "alliance log's checkpoints (alliance.log.produce=false)");
        }
        try {
            return produce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "INTERRUPTED", "the service is stopping");
        }
    }

    private synchronized Attempt produce() throws InterruptedException {
        AllianceLog tree = log.log();
        Instant now = evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        if (!log.caughtUp()) {
            return attempt(new Attempt(now, tree.size(), null, List.of(), Map.of(), "NOT_CAUGHT_UP"));
        }
        long size = tree.size();
        Optional<Head> head = head();
        if (head.isEmpty()) {
            return attempt(new Attempt(now, size, null, List.of(), Map.of(), "NOT_CAUGHT_UP"));
        }
        if (size == 0 || head.get().treeSize() >= log.evidenceSize()) {
            return attempt(new Attempt(now, size, null, List.of(), Map.of(), "UP_TO_DATE"));
        }
        Checkpoint checkpoint = Checkpoint.of(properties.id(), evidence.org(), size, tree.rootAt(size),
                tree.algorithm(), now);
        SignedCheckpoint signed = SignedCheckpoint.sign(checkpoint, signer);
        List<CheckpointSignature> cosignatures = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        TrustStore keys = members.current();
        for (WitnessClient w : witnesses) {
            WitnessClient.Answer answer = w.ask(signed, tree, keys::trusts);
            if (answer.cosignature() != null) {
                cosignatures.add(answer.cosignature());
            } else {
                refused.put(answer.org(), answer.refusal());
            }
        }
        List<String> cosigners = cosignatures.stream().map(CheckpointSignature::org).toList();
        if (cosignatures.size() < properties.requiredCosignatures()) {
            LOG.warn("checkpoint of {} at size {} has {} of {} co-signatures, not recorded: {}", properties.id(), size,
                    cosignatures.size(), properties.requiredCosignatures(), refused);
            return attempt(new Attempt(now, size, null, cosigners, refused, "TOO_FEW_COSIGNATURES"));
        }
        List<String> proof = head.get().treeSize() == 0 ? List.of()
                : tree.consistencyProof(head.get().treeSize(), size).hashes().stream().map(Hex::encode).toList();
        LogCheckpointBody body = new LogCheckpointBody(properties.id(), size, checkpoint.root(), checkpoint.hashAlg(),
                signed.signature(), cosignatures, proof);
        String recordId = recordId(properties.id(), size);
        try {
            evidence.writeUnattended(lane, Role.SERVICE,
                    () -> evidence.records().create(recordId, now, head.get().prev(), body), r -> r);
        } catch (RuleException e) {
            LOG.warn("the rules refuse the checkpoint of {} at size {}: {}", properties.id(), size, e.getMessage());
            refused.put("rules", e.code() + ": " + e.getMessage());
            return attempt(new Attempt(now, size, null, cosigners, refused, "REFUSED_BY_RULES"));
        }
        SignedCheckpoint recorded = new SignedCheckpoint(checkpoint, signed.signature(), cosignatures);
        listeners.forEach(l -> l.recorded(recorded));
        LOG.info("checkpoint of {} at size {} co-signed by {}, recorded as {}", properties.id(), size, cosigners, recordId);
        return attempt(new Attempt(now, size, recordId, cosigners, refused, "RECORDED"));
    }

    /**
     * The id of the {@code LOG_CHECKPOINT} record of a log's checkpoint of a size.
     *
     * @param logId the log's alliance id
     * @param treeSize the checkpoint's tree size
     * @return the record id
     */
    static String recordId(String logId, long treeSize) {
        return LogCheckpointBody.recordId(logId, treeSize);
    }

    private Attempt attempt(Attempt a) {
        lastAttempt = a;
        return a;
    }

    /** The chain's head the next checkpoint follows: its hash and tree size (0 for none). */
    private record Head(String prev, long treeSize) {
    }

    /**
     * This service's latest checkpoint record still on its way (its outbox), else the ledger's, as
     * far as this instance's log has read; empty when the log has not read up to the ledger's head.
     */
    private Optional<Head> head() {
        List<OutboxEntry> ours = evidence.tracker().unsettled(properties.id() + "/");
        if (!ours.isEmpty()) {
            SignedRecord last = ours.getLast().signedRecord();
            return Optional.of(new Head(RecordCodec.taggedHash(last.record()),
                    ((LogCheckpointBody) last.record().body()).treeSize()));
        }
        Optional<String> ledgerHead = ledger.subjectHead(LogCheckpointBody.subject(properties.id()));
        if (ledgerHead.isEmpty()) {
            return Optional.of(new Head(null, 0));
        }
        return log.latestCheckpoint().flatMap(e -> ledger.record(e.id()))
                .map(r -> r.signedRecord().record())
                .filter(r -> RecordCodec.taggedHash(r).equals(ledgerHead.get()))
                .map(r -> new Head(ledgerHead.get(), ((LogCheckpointBody) r.body()).treeSize()));
    }

    @Override
    public void start() {
        if (!properties.produce()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("log-checkpoints").unstarted(r));
        long every = properties.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scheduled, every, every, TimeUnit.MILLISECONDS);
    }

    private void scheduled() {
        try {
            produce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("checkpointing the alliance log failed: {}", e.toString(), e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
