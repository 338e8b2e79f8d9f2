package org.alliance.ledger.core.log;

import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.WitnessRefusalBody;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.checkpoint.Extension;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.merkle.ConsistencyProof;

/**
 * A witness's refusal to co-sign, as evidence that can be recorded and re-checked later: the
 * reason, the last checkpoint the witness co-signed, the checkpoint it refused, and the proof it
 * was given.
 *
 * <p>For {@link Reason#TRUNCATED} and {@link Reason#FORKED} the two signed checkpoints alone prove
 * that members signed incompatible views of the log; for {@link Reason#INCONSISTENT} the proof is
 * needed too, and the producer may answer with a proof that does hold.
 *
 * @param reason why the witness refused
 * @param message a one-line explanation for people
 * @param witnessOrg the refusing witness
 * @param lastCosigned the last checkpoint the witness co-signed for this log, or {@code null} if
 *     it had none
 * @param candidate the refused checkpoint, as submitted
 * @param proof the consistency proof submitted with it, or {@code null}
 */
public record WitnessRefusal(Reason reason, String message, String witnessOrg, SignedCheckpoint lastCosigned,
        SignedCheckpoint candidate, ConsistencyProof proof) implements WitnessDecision {

    /** Why a witness refuses; stable names, for callers and for recorded evidence. */
    public enum Reason {
        /** The checkpoint is of another alliance or hash algorithm than the witness's last one. */
        WRONG_LOG,
        /** The producer's signature is not by a key the members trust for it, or does not verify. */
        BAD_SIGNATURE,
        /** The witness was asked to co-sign a checkpoint its own org produced. */
        OWN_CHECKPOINT,
        /** The tree is smaller than the one the witness last co-signed: history was cut off. */
        TRUNCATED,
        /** The tree has the size of the one last co-signed but another root: history was rewritten. */
        FORKED,
        /**
         * The proof is missing or not between the last co-signed size and the new one; the producer
         * can ask again with the right one (the witness's size is in {@code lastCosigned}).
         */
        PROOF_MISMATCH,
        /** The proof does not show the old tree to be a prefix of the new one: history was rewritten. */
        INCONSISTENT,
        /**
         * The checkpoint covers more batches than the witness's own ledger holds yet; the producer can
         * ask again once the witness has caught up.
         */
        AHEAD_OF_WITNESS,
        /** The root is not the tree of the batch roots in the witness's own ledger at that size. */
        NOT_THE_LEDGER;

        /**
         * The reason for a failed {@link Extension} check, which has the same name.
         *
         * @param kind the failure's kind
         * @return the reason
         */
        public static Reason of(Extension.Kind kind) {
            return valueOf(kind.name());
        }
    }

    /** Two signed checkpoints and a proof fit easily; anything larger is not a refusal. */
    public static final int MAX_BYTES = 4 * SignedCheckpoint.MAX_BYTES;
    private static final Set<String> MEMBERS = Set.of("reason", "message", "witnessOrg", "lastCosigned", "candidate",
            "proof");

    /** Checks presence of what every refusal carries. */
    public WitnessRefusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(witnessOrg, "witnessOrg");
        Objects.requireNonNull(candidate, "candidate");
    }

    /**
     * Whether the refusal shows a member signing a view of the log that conflicts with one the
     * witness co-signed, rather than a malformed or misdirected request.
     *
     * @return true for {@link Reason#TRUNCATED}, {@link Reason#FORKED}, {@link Reason#INCONSISTENT}
     *     and {@link Reason#NOT_THE_LEDGER}
     */
    public boolean conflictingHistory() {
        return reason == Reason.TRUNCATED || reason == Reason.FORKED || reason == Reason.INCONSISTENT
                || reason == Reason.NOT_THE_LEDGER;
    }

    /**
     * Whether the refusal can be recorded on the ledger: the conflict shows from the two signed
     * checkpoints and the proof alone (truncated, forked, inconsistent), which is what the rules
     * check. A root that is not the tree of the witness's own ledger shows only to the witness.
     *
     * @return true for a recordable refusal
     */
    public boolean provable() {
        return lastCosigned != null && WitnessRefusalBody.PROVABLE.contains(reason.name());
    }

    /**
     * The body of the {@code WITNESS_REFUSAL} record that puts this refusal on the ledger.
     *
     * @return the body
     * @throws IllegalStateException if the refusal is not {@link #provable()} or the co-signed
     *     checkpoint lacks the witness's co-signature
     */
    public WitnessRefusalBody toRecordBody() {
        if (!provable()) {
            throw new IllegalStateException(reason + " is not a refusal the ledger can check");
        }
        CheckpointSignature own = lastCosigned.cosignatures().stream().filter(c -> c.org().equals(witnessOrg))
                .findFirst().orElseThrow(() -> new IllegalStateException("the co-signed checkpoint lacks "
                        + witnessOrg + "'s co-signature"));
        Checkpoint last = lastCosigned.checkpoint();
        Checkpoint refused = candidate.checkpoint();
        return new WitnessRefusalBody(last.allianceId(), last.hashAlg(), reason.name(),
                new WitnessRefusalBody.StatedCheckpoint(last.org(), last.treeSize(), last.root(), last.time(),
                        lastCosigned.signature()),
                own,
                new WitnessRefusalBody.StatedCheckpoint(refused.org(), refused.treeSize(), refused.root(), refused.time(),
                        candidate.signature()),
                proof == null ? List.of() : proof.hashes().stream().map(Hex::encode).toList());
    }

    /**
     * The refusal as canonical JSON (RFC 8785), to be stored or recorded: {@code {reason, message,
     * witnessOrg, lastCosigned?, candidate, proof?}} with the checkpoints in {@link
     * SignedCheckpoint#toJson()} form and the proof in {@link ConsistencyProof#toJson()} form.
     *
     * @return the JSON
     */
    public String toJson() {
        ObjectNode n = StrictJson.mapper().createObjectNode();
        n.put("reason", reason.name());
        n.put("message", message);
        n.put("witnessOrg", witnessOrg);
        if (lastCosigned != null) {
            n.set("lastCosigned", lastCosigned.toJsonTree());
        }
        n.set("candidate", candidate.toJsonTree());
        if (proof != null) {
            n.set("proof", proof.toJsonTree());
        }
        return CanonicalJson.canonicalString(n);
    }

    /**
     * Reads a refusal back from the form {@link #toJson()} writes, strictly.
     *
     * @param json UTF-8 JSON
     * @return the refusal
     * @throws IllegalArgumentException (a {@link JsonInputException} or a {@link RuleException}
     *     for a malformed checkpoint) if it is not one
     */
    public static WitnessRefusal fromJson(byte[] json) {
        JsonNode tree = StrictJson.parseTree(json, MAX_BYTES);
        if (!(tree instanceof ObjectNode n)) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "a witness refusal is a JSON object");
        }
        for (var member : n.properties()) {
            if (!MEMBERS.contains(member.getKey())) {
                throw new JsonInputException(JsonInputException.Kind.UNKNOWN_FIELD, "unknown field '" + member.getKey()
                        + "' in a witness refusal");
            }
        }
        SignedCheckpoint candidate = checkpoint(n, "candidate");
        Reason reason;
        try {
            reason = Reason.valueOf(text(n, "reason"));
        } catch (IllegalArgumentException e) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "unknown refusal reason " + n.get("reason"));
        }
        return new WitnessRefusal(reason, text(n, "message"), text(n, "witnessOrg"),
                n.has("lastCosigned") ? checkpoint(n, "lastCosigned") : null, candidate,
                n.has("proof") ? ConsistencyProof.fromJson(n.get("proof").toString(), candidate.checkpoint().algorithm())
                        : null);
    }

    private static String text(ObjectNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "a witness refusal needs the text '" + name + "'");
        }
        return v.textValue();
    }

    private static SignedCheckpoint checkpoint(ObjectNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "a witness refusal needs '" + name + "'");
        }
        return SignedCheckpoint.fromJson(v.toString().getBytes(StandardCharsets.UTF_8));
    }
}
