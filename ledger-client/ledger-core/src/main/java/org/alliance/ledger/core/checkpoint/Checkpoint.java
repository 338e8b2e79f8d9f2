package org.alliance.ledger.core.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.Fields;

/**
 * A checkpoint of the alliance log: what one member states the log's tree was at a time.
 *
 * <pre>{@code {"format":"alliance-checkpoint/v1","allianceId":"DEMO-ALLIANCE","org":"ZhangzhouMSP",
 *  "treeSize":12,"root":"hex","hashAlg":"sm3","time":"2026-12-07T08:00:00Z"}}</pre>
 *
 * <p>The producer and every witness sign the same bytes, {@link #canonicalBytes()} (RFC 8785).
 * {@code format} keeps those bytes from ever meaning anything else (a record, another version)
 * under the same keys; {@code allianceId} names the log, so that a checkpoint of one alliance
 * cannot be replayed to a witness of another; {@code org} binds the producer into what it signs.
 *
 * @param format always {@value #FORMAT}
 * @param allianceId the log's alliance, an MSP-id-like name (letters, digits, {@code .}, {@code -})
 * @param org the member that produced and signed the checkpoint
 * @param treeSize the number of batch roots in the tree
 * @param root the tree's root, lowercase hex
 * @param hashAlg {@code sha256} or {@code sm3}
 * @param time RFC 3339 UTC time of the checkpoint
 */
public record Checkpoint(String format, String allianceId, String org, long treeSize, String root, String hashAlg,
        String time) {
    /** The only format this code writes and reads. */
    public static final String FORMAT = "alliance-checkpoint/v1";

    /**
     * Checks every field.
     *
     * @throws RuleException ({@code MALFORMED_INPUT}, {@code BAD_HASH}) for a malformed field
     */
    public Checkpoint {
        if (!FORMAT.equals(format)) {
            throw Fields.malformed("checkpoint format must be " + FORMAT + ", got " + format);
        }
        requireAllianceId(allianceId);
        Fields.mspId("org", org);
        if (treeSize < 0) {
            throw Fields.malformed("treeSize must not be negative");
        }
        Fields.digest("root", hashAlg, root);
        Fields.time("time", time);
    }

    /**
     * Builds a checkpoint from typed values.
     *
     * @param allianceId the log's alliance
     * @param org the producing member
     * @param treeSize the tree size
     * @param root the root digest
     * @param algorithm the tree's hash
     * @param time the time, written with the precision it has
     * @return the checkpoint
     */
    public static Checkpoint of(String allianceId, String org, long treeSize, byte[] root, HashAlgorithm algorithm,
            Instant time) {
        return new Checkpoint(FORMAT, allianceId, org, treeSize, Hex.encode(root), algorithm.id(),
                Objects.requireNonNull(time, "time").toString());
    }

    /**
     * Requires a well-formed alliance id; it also names the witness's state file, so it must be a
     * safe file name.
     *
     * @param allianceId the value
     * @return the value
     * @throws RuleException {@code MALFORMED_INPUT} otherwise
     */
    public static String requireAllianceId(String allianceId) {
        return Fields.matching("allianceId", allianceId, Fields.MSP_ID);
    }

    /**
     * The tree's hash algorithm.
     *
     * @return the algorithm
     */
    public HashAlgorithm algorithm() {
        return HashAlgorithm.fromId(hashAlg);
    }

    /**
     * The root's bytes.
     *
     * @return the root digest
     */
    public byte[] rootBytes() {
        return Hex.decode(root);
    }

    /**
     * The checkpoint's time.
     *
     * @return the instant
     */
    public Instant instant() {
        return Instant.parse(time);
    }

    /**
     * The JSON object of this checkpoint.
     *
     * @return a new tree
     */
    public ObjectNode toJsonTree() {
        return StrictJson.mapper().valueToTree(this);
    }

    /**
     * The bytes every signature over this checkpoint is made on: its RFC 8785 canonical JSON.
     *
     * @return UTF-8 canonical JSON
     */
    public byte[] canonicalBytes() {
        return CanonicalJson.canonicalize(toJsonTree());
    }

    /**
     * Whether two checkpoints describe the same tree of the same log (sizes, roots, algorithm and
     * alliance equal), whoever produced them and whenever.
     *
     * @param other the other checkpoint
     * @return true for the same tree
     */
    public boolean sameTree(Checkpoint other) {
        return allianceId.equals(other.allianceId) && hashAlg.equals(other.hashAlg) && treeSize == other.treeSize
                && root.equals(other.root);
    }
}
