package org.alliance.ledger.service.alliancelog;

import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import org.alliance.ledger.service.web.SerialWrites;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.codec.Hex;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.log.FileWitnessStateStore;
import org.alliance.ledger.core.log.Witness;
import org.alliance.ledger.core.log.WitnessDecision;
import org.alliance.ledger.core.log.WitnessRefusal;
import org.alliance.ledger.core.log.WitnessStateStore;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.ProofException;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.config.DataDirectory;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * This member as witness of the other members' checkpoints of the alliance log.
 *
 * <p>It trusts, for each member, the record keys that member registered in the agreement in force,
 * read at each request so that a member admitted later is trusted from its admission on. It holds
 * the ledger ({@link LedgerLog}), so besides consistency with what it last co-signed it requires the
 * root to be the tree of the batches its own ledger holds. Its state (the last checkpoint it
 * co-signed, and the refusals that show a conflicting history) is kept in the data directory,
 * written before a co-signature leaves.
 */
@Service
public class WitnessService {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessService.class);
    /** A request holds a signed checkpoint and a proof: a few kilobytes at most. */
    static final int MAX_REQUEST_BYTES = 2 * SignedCheckpoint.MAX_BYTES;
    /** A refusal's problem reason is this and the witness's reason, {@code CHECKPOINT_TRUNCATED} say. */
    static final String REASON_PREFIX = "CHECKPOINT_";

    private final String org;
    private final Signer signer;
    private final LedgerLog log;
    private final AllianceLogProperties properties;
    private final WitnessStateStore state;
    private final EvidenceWrites evidence;
    private final SerialWrites lane = new SerialWrites();
    private final MemberKeys members;

    /**
     * Creates the witness.
     *
     * @param alliance this service's org
     * @param signer this service's record key, which co-signs
     * @param log this instance's alliance log
     * @param properties the log's id and agreement
     * @param dataDirectory where the witness state is kept ({@code witness/})
     * @param evidence the write path, for refusals recorded on the ledger
     * @param members the keys the agreement in force registers, which checkpoints must be signed with
     */
    public WitnessService(AllianceProperties alliance, Signer signer, LedgerLog log, AllianceLogProperties properties, DataDirectory dataDirectory, EvidenceWrites evidence,
            MemberKeys members) {
        this.evidence = evidence;
        this.members = members;
        this.org = alliance.org();
        this.signer = signer;
        this.log = log;
        this.properties = properties;
        this.state = new FileWitnessStateStore(dataDirectory.root().resolve("witness"));
    }

    /**
     * Checks a checkpoint and co-signs it.
     *
     * @param request {@code {"checkpoint": signed checkpoint, "proof": consistency proof or absent}},
     *     the proof from the size this witness last co-signed
     * @return the checkpoint with this witness's co-signature added
     * @throws ApiException 400 MALFORMED_INPUT for a request that is not one; 422 for a checkpoint
     *     this witness will not judge (CHECKPOINT_ and BAD_SIGNATURE, OWN_CHECKPOINT, WRONG_LOG); 409
     *     for one it judged and refused: CHECKPOINT_PROOF_MISMATCH (ask again with a proof from
     *     {@code witnessSize}), CHECKPOINT_AHEAD_OF_WITNESS (ask again once this ledger has caught
     *     up), or CHECKPOINT_ and TRUNCATED, FORKED, INCONSISTENT, NOT_THE_LEDGER, kept as evidence
     *     and returned as {@code refusal}
     */
    public SignedCheckpoint cosign(byte[] request) {
        SignedCheckpoint candidate;
        ConsistencyProof proof;
        try {
            JsonNode tree = StrictJson.parseTree(request, MAX_REQUEST_BYTES);
            if (!(tree instanceof ObjectNode n) || !n.has("checkpoint") || n.size() > 2
                    || (n.size() == 2 && !n.has("proof"))) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                        "the body is {\"checkpoint\": signed checkpoint, \"proof\": consistency proof (optional)}");
            }
            candidate = SignedCheckpoint.fromJson(n.get("checkpoint").toString().getBytes(StandardCharsets.UTF_8));
            JsonNode p = n.get("proof");
            proof = p == null || p.isNull() ? null
                    : ConsistencyProof.fromJson(p.toString(), candidate.checkpoint().algorithm());
        } catch (RuleException | ProofException | IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_INPUT", e.getMessage());
        }
        if (!candidate.checkpoint().allianceId().equals(properties.id())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, REASON_PREFIX + WitnessRefusal.Reason.WRONG_LOG.name(), "this witness "
                    + "witnesses the log " + properties.id() + ", not " + candidate.checkpoint().allianceId());
        }
        WitnessDecision decision;
        synchronized (this) {
            decision = new Witness(org, signer, members.current(), state, log.log()).cosign(candidate, proof);
        }
        return switch (decision) {
            case WitnessDecision.Cosigned c -> c.checkpoint();
            case WitnessRefusal r -> {
                String json = r.toJson();
                throw refusal(r, json, r.provable() ? record(r, json) : Optional.empty());
            }
        };
    }

    /**
     * Puts a refusal the rules can check on the ledger, through the outbox: evidence against the
     * producer that every member holds, not only this witness. A failure to record is logged and
     * does not change the answer; the refusal is kept in the witness's state either way.
     */
    private Optional<String> record(WitnessRefusal r, String json) {
        String id = properties.id() + "-refusal/" + Hex.encode(HashAlgorithm.SHA256.digest(
                json.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        if (evidence.outbox().find(id).isPresent()) {
            return Optional.of(id);
        }
        try {
            Instant now = evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            evidence.writeUnattended(lane, Role.SERVICE, () -> evidence.records().create(id, now, null, r.toRecordBody()),
                    rec -> rec);
            return Optional.of(id);
        } catch (RuntimeException e) {
            LOG.warn("witness {} could not record its refusal {} on the ledger: {}", org, id, e.toString());
            return Optional.empty();
        }
    }

    private ApiException refusal(WitnessRefusal r, String json, Optional<String> recordId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        recordId.ifPresent(id -> properties.put("refusalRecord", id));
        if (r.lastCosigned() != null) {
            properties.put("witnessSize", r.lastCosigned().checkpoint().treeSize());
        }
        properties.put("ledgerSize", log.log().size());
        HttpStatus status = switch (r.reason()) {
            case BAD_SIGNATURE, OWN_CHECKPOINT, WRONG_LOG -> HttpStatus.UNPROCESSABLE_ENTITY;
            default -> HttpStatus.CONFLICT;
        };
        if (r.conflictingHistory()) {
            properties.put("refusal", AllianceLogController.plain(StrictJson.parseTree(
                    json.getBytes(StandardCharsets.UTF_8), WitnessRefusal.MAX_BYTES)));
        }
        // Prefixed: the bare names (TRUNCATED, say) mean other things elsewhere in the API.
        return new ApiException(status, REASON_PREFIX + r.reason().name(), r.message(), properties);
    }

    /**
     * The last checkpoint this witness co-signed of the log.
     *
     * @return it, with this witness's co-signature, or empty before the first
     */
    public Optional<SignedCheckpoint> lastCosigned() {
        synchronized (this) {
            return state.load(properties.id());
        }
    }

    /**
     * The refusals this witness kept as evidence of a conflicting history, oldest first.
     *
     * @return the refusals
     */
    public List<WitnessRefusal> refusals() {
        synchronized (this) {
            return state.refusals(properties.id());
        }
    }

    /**
     * This witness's org.
     *
     * @return the MSP id
     */
    public String org() {
        return org;
    }
}
