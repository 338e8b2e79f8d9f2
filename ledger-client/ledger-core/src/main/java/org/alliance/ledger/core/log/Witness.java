package org.alliance.ledger.core.log;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.Extension;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member acting as witness of other members' checkpoints.
 *
 * <p>For each log (alliance id) the witness remembers the last checkpoint it co-signed. It
 * co-signs a new one only if, in this order: it was produced by another member; the producer's
 * signature verifies with a key the members trust for that org; and, unless it is the first
 * checkpoint the witness sees of this log (trusted on first use), the new tree is the same as the
 * last one or extends it, as the consistency proof from the last co-signed size shows. A tree that
 * is smaller, or of the same size with another root, or that the proof does not link, is refused.
 *
 * <p>A witness that holds the ledger (given its own {@link AllianceLog}) also requires the root to
 * be the tree of its own batch roots at that size: a checkpoint beyond what it holds is refused for
 * now ({@link WitnessRefusal.Reason#AHEAD_OF_WITNESS}), one with another root for good ({@link
 * WitnessRefusal.Reason#NOT_THE_LEDGER}).
 *
 * <p>A refusal that shows a conflicting history (truncated, forked, inconsistent) is kept in the
 * state store as evidence, with both checkpoints and the proof.
 *
 * <p>The new checkpoint is stored, durably, before the co-signature is returned: a witness that
 * crashed after co-signing but before remembering could otherwise be led to co-sign a fork of
 * what it just vouched for. Calls are serialized, for the same reason.
 */
public final class Witness {
    private static final Logger LOG = LoggerFactory.getLogger(Witness.class);

    private final String org;
    private final Signer signer;
    private final TrustStore members;
    private final WitnessStateStore state;
    private final AllianceLog ledger;

    /**
     * Creates a witness that checks consistency only, as a witness that does not hold the ledger can.
     *
     * @param org the witnessing member's MSP id
     * @param signer its signing key
     * @param members the members' checkpoint-signing keys, per org
     * @param state where it keeps the last co-signed checkpoint per log
     */
    public Witness(String org, Signer signer, TrustStore members, WitnessStateStore state) {
        this(org, signer, members, state, null);
    }

    /**
     * Creates a witness that also holds the ledger: besides consistency, it co-signs only a root
     * that is the tree of the batch roots its own copy of the ledger holds, which neither the
     * consistency proof nor the ledger rules can establish.
     *
     * @param org the witnessing member's MSP id
     * @param signer its signing key
     * @param members the members' checkpoint-signing keys, per org
     * @param state where it keeps the last co-signed checkpoint per log
     * @param ledger this member's alliance log, fed from its own committed batches, or {@code null}
     */
    public Witness(String org, Signer signer, TrustStore members, WitnessStateStore state, AllianceLog ledger) {
        this.org = Objects.requireNonNull(org, "org");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.members = Objects.requireNonNull(members, "members");
        this.state = Objects.requireNonNull(state, "state");
        this.ledger = ledger;
    }

    /**
     * The witnessing member.
     *
     * @return its MSP id
     */
    public String org() {
        return org;
    }

    /**
     * The last checkpoint this witness co-signed for a log.
     *
     * @param allianceId the log
     * @return the checkpoint with this witness's co-signature, or empty
     */
    public synchronized Optional<SignedCheckpoint> lastCosigned(String allianceId) {
        return state.load(allianceId);
    }

    /**
     * Checks a checkpoint and co-signs it, or refuses with the evidence.
     *
     * @param candidate the checkpoint, signed by its producer (other co-signatures are kept as they are)
     * @param proof the consistency proof from the size this witness last co-signed to the
     *     candidate's size; may be {@code null} for the first checkpoint of a log or the same tree again
     * @return {@link WitnessDecision.Cosigned} with this witness's co-signature added, or a
     *     {@link WitnessRefusal}
     */
    public synchronized WitnessDecision cosign(SignedCheckpoint candidate, ConsistencyProof proof) {
        Objects.requireNonNull(candidate, "candidate");
        Checkpoint checkpoint = candidate.checkpoint();
        Optional<SignedCheckpoint> last = state.load(checkpoint.allianceId());
        if (checkpoint.org().equals(org)) {
            return refuse(WitnessRefusal.Reason.OWN_CHECKPOINT, "a member does not witness its own checkpoint",
                    last.orElse(null), candidate, proof);
        }
        Optional<String> badSignature = candidate.signature().problem(checkpoint.canonicalBytes(), members::trusts);
        if (badSignature.isPresent()) {
            return refuse(WitnessRefusal.Reason.BAD_SIGNATURE, badSignature.get(), last.orElse(null), candidate, proof);
        }
        if (last.isPresent()) {
            Optional<Extension.Failure> failure = Extension.check(last.get().checkpoint(), checkpoint, proof);
            if (failure.isPresent()) {
                return refuse(WitnessRefusal.Reason.of(failure.get().kind()), failure.get().message(), last.get(), candidate, proof);
            }
        } else {
            LOG.info("witness {} trusts the first checkpoint it sees of {}: size {}", org, checkpoint.allianceId(),
                    checkpoint.treeSize());
        }
        if (ledger != null && ledger.allianceId().equals(checkpoint.allianceId())) {
            Optional<WitnessRefusal> mismatch = compareWithLedger(candidate, last.orElse(null), proof);
            if (mismatch.isPresent()) {
                return mismatch.get();
            }
        }
        CheckpointSignature cosignature = CheckpointSignature.sign(checkpoint.canonicalBytes(), org, signer);
        state.save(SignedCheckpoint.of(checkpoint, candidate.signature()).withCosignature(cosignature));
        return new WitnessDecision.Cosigned(candidate.withCosignature(cosignature));
    }

    private Optional<WitnessRefusal> compareWithLedger(SignedCheckpoint candidate, SignedCheckpoint last,
            ConsistencyProof proof) {
        Checkpoint checkpoint = candidate.checkpoint();
        if (!ledger.algorithm().id().equals(checkpoint.hashAlg())) {
            return Optional.of(refuse(WitnessRefusal.Reason.WRONG_LOG, "this witness's ledger hashes with "
                    + ledger.algorithm() + ", the checkpoint with " + checkpoint.hashAlg(), last, candidate, proof));
        }
        if (checkpoint.treeSize() > ledger.size()) {
            return Optional.of(refuse(WitnessRefusal.Reason.AHEAD_OF_WITNESS, "this witness's ledger holds "
                    + ledger.size() + " batches, the checkpoint covers " + checkpoint.treeSize(), last, candidate, proof));
        }
        if (!Arrays.equals(ledger.rootAt(checkpoint.treeSize()), checkpoint.rootBytes())) {
            return Optional.of(refuse(WitnessRefusal.Reason.NOT_THE_LEDGER, "the root of size " + checkpoint.treeSize()
                    + " is not the tree of the batch roots this witness's ledger holds", last, candidate, proof));
        }
        return Optional.empty();
    }

    private WitnessRefusal refuse(WitnessRefusal.Reason reason, String message, SignedCheckpoint last,
            SignedCheckpoint candidate, ConsistencyProof proof) {
        LOG.warn("witness {} refuses the checkpoint of {} ({} size {}): {} {}", org, candidate.checkpoint().org(),
                candidate.checkpoint().allianceId(), candidate.checkpoint().treeSize(), reason, message);
        WitnessRefusal refusal = new WitnessRefusal(reason, message, org, last, candidate, proof);
        // Only a conflicting history is evidence worth keeping; a malformed or misdirected request
        // is the caller's problem and would otherwise let any caller fill the witness's disk.
        if (refusal.conflictingHistory()) {
            state.recordRefusal(refusal);
        }
        return refusal;
    }
}
