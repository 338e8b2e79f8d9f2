package org.alliance.ledger.core.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.record.LogCheckpointBody;

/**
 * A checkpoint with its producer's signature and the witnesses' co-signatures, all over {@link
 * Checkpoint#canonicalBytes()}.
 *
 * <pre>{@code {"checkpoint":{…},"signature":{"org","alg","publicKey","value"},"cosignatures":[{…}]}}</pre>
 *
 * <p>Parsing checks only the form; whether signatures verify and are the members' is checked
 * by whoever relies on them: a witness, the offline verifier, the ledger rules.
 *
 * @param checkpoint the checkpoint
 * @param signature the producer's signature; its org must be the checkpoint's
 * @param cosignatures the witnesses' co-signatures, at most one per org, never the producer's
 */
public record SignedCheckpoint(Checkpoint checkpoint, CheckpointSignature signature,
        List<CheckpointSignature> cosignatures) {
    /** A signed checkpoint is a few kilobytes at most; anything larger is not one. */
    public static final int MAX_BYTES = 64 * 1024;
    /** More co-signers than any alliance has members. */
    public static final int MAX_COSIGNATURES = 64;

    /**
     * Checks that the producer signed as the checkpoint's org and that no org co-signs twice.
     *
     * @throws org.alliance.ledger.core.error.RuleException {@code MALFORMED_INPUT} otherwise
     */
    public SignedCheckpoint {
        Fields.required("checkpoint", checkpoint);
        Fields.required("signature", signature);
        cosignatures = Fields.list("cosignatures", cosignatures == null ? List.of() : cosignatures, 0);
        if (!signature.org().equals(checkpoint.org())) {
            throw Fields.malformed("the checkpoint of " + checkpoint.org() + " is signed by " + signature.org());
        }
        if (cosignatures.size() > MAX_COSIGNATURES) {
            throw Fields.malformed("at most " + MAX_COSIGNATURES + " cosignatures, got " + cosignatures.size());
        }
        Fields.distinct("cosignatures", cosignatures, CheckpointSignature::org);
        if (cosignatures.stream().anyMatch(c -> c.org().equals(checkpoint.org()))) {
            throw Fields.malformed("the producer " + checkpoint.org() + " cannot witness its own checkpoint");
        }
    }

    /**
     * A freshly signed checkpoint, with no co-signature yet.
     *
     * @param checkpoint the checkpoint
     * @param signature the producer's signature
     * @return the signed checkpoint
     */
    public static SignedCheckpoint of(Checkpoint checkpoint, CheckpointSignature signature) {
        return new SignedCheckpoint(checkpoint, signature, List.of());
    }

    /**
     * The co-signed checkpoint a {@code LOG_CHECKPOINT} record carries: the record's org and time
     * are the checkpoint's, its body the rest and the signatures.
     *
     * @param record a {@code LOG_CHECKPOINT} record
     * @return the signed checkpoint, exactly as its producer and witnesses signed it
     * @throws IllegalArgumentException if the record is of another type
     * @throws org.alliance.ledger.core.error.RuleException {@code MALFORMED_INPUT} if its signature is not the record org's
     */
    public static SignedCheckpoint recorded(EvidenceRecord record) {
        if (!(record.body() instanceof LogCheckpointBody b)) {
            throw new IllegalArgumentException("record " + record.id() + " is a " + record.type() + ", not a log checkpoint");
        }
        return new SignedCheckpoint(new Checkpoint(Checkpoint.FORMAT, b.allianceId(), record.org(), b.treeSize(), b.root(),
                b.alg(), record.time()), b.signature(), b.cosignatures());
    }

    /**
     * Signs a checkpoint as its producer.
     *
     * @param checkpoint the checkpoint
     * @param signer the key of {@code checkpoint.org()}
     * @return the signed checkpoint, with no co-signature yet
     */
    public static SignedCheckpoint sign(Checkpoint checkpoint, Signer signer) {
        return of(checkpoint, CheckpointSignature.sign(checkpoint.canonicalBytes(), checkpoint.org(), signer));
    }

    /**
     * This checkpoint with one more co-signature; an earlier one by the same org is replaced.
     *
     * @param cosignature the witness's co-signature
     * @return a new signed checkpoint
     */
    public SignedCheckpoint withCosignature(CheckpointSignature cosignature) {
        Objects.requireNonNull(cosignature, "cosignature");
        List<CheckpointSignature> all = new ArrayList<>(cosignatures);
        all.removeIf(c -> c.org().equals(cosignature.org()));
        all.add(cosignature);
        return new SignedCheckpoint(checkpoint, signature, all);
    }

    /**
     * This checkpoint with the co-signatures of both, for gathering what several witnesses
     * returned separately.
     *
     * @param other the same checkpoint, co-signed by other witnesses
     * @return a new signed checkpoint
     * @throws IllegalArgumentException if the other is not the same signed checkpoint
     */
    public SignedCheckpoint merge(SignedCheckpoint other) {
        if (!checkpoint.equals(other.checkpoint) || !signature.equals(other.signature)) {
            throw new IllegalArgumentException("only co-signatures of the same signed checkpoint can be merged");
        }
        SignedCheckpoint merged = this;
        for (CheckpointSignature c : other.cosignatures) {
            merged = merged.withCosignature(c);
        }
        return merged;
    }

    /**
     * The JSON object of this signed checkpoint.
     *
     * @return a new tree
     */
    public ObjectNode toJsonTree() {
        ObjectNode n = StrictJson.mapper().createObjectNode();
        n.set("checkpoint", checkpoint.toJsonTree());
        n.set("signature", StrictJson.mapper().valueToTree(signature));
        ArrayNode list = n.putArray("cosignatures");
        cosignatures.forEach(c -> list.add(StrictJson.mapper().<ObjectNode>valueToTree(c)));
        return n;
    }

    /**
     * The canonical JSON text (RFC 8785).
     *
     * @return the JSON
     */
    public String toJson() {
        return CanonicalJson.canonicalString(toJsonTree());
    }

    /**
     * Parses the form {@link #toJson()} writes, strictly (unknown members, duplicates, trailing
     * content refused).
     *
     * @param json UTF-8 JSON
     * @return the signed checkpoint
     * @throws org.alliance.ledger.core.codec.JsonInputException for malformed JSON
     * @throws org.alliance.ledger.core.error.RuleException for a malformed field
     */
    public static SignedCheckpoint fromJson(byte[] json) {
        return StrictJson.read(json, SignedCheckpoint.class, MAX_BYTES);
    }
}
