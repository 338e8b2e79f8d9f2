package org.alliance.ledger.core.record;

import java.util.List;
import java.util.Set;

/**
 * Body of a {@code WITNESS_REFUSAL} record: a member's evidence, recorded on the ledger, that
 * another member produced a checkpoint of the alliance log that conflicts with one this member
 * co-signed before. It carries both checkpoints with the producers' signatures, this member's
 * co-signature of the earlier one and the consistency proof that came with the later one, so that
 * the rules (and any reader) can check the conflict from the record alone: the later tree is
 * smaller ({@code TRUNCATED}), of the same size with another root ({@code FORKED}), or not an
 * extension by its proof ({@code INCONSISTENT}). A refusal that cannot be shown this way (a root
 * that is not the tree of the witness's own ledger) is kept by the witness, not recorded.
 *
 * <p>The checkpoints are given by their parts rather than as signed checkpoint objects, which
 * build on this package; the rules rebuild each one from these parts and the body's alliance
 * and algorithm.
 *
 * @param allianceId the log's alliance
 * @param alg the log's hash algorithm
 * @param reason {@code TRUNCATED}, {@code FORKED} or {@code INCONSISTENT}
 * @param lastCosigned the checkpoint this member co-signed
 * @param cosignature this member's co-signature of it; its org is the record's
 * @param candidate the refused checkpoint
 * @param proof the consistency proof submitted with the candidate, lowercase hex, maybe empty
 */
public record WitnessRefusalBody(String allianceId, String alg, String reason, StatedCheckpoint lastCosigned,
        CheckpointSignature cosignature, StatedCheckpoint candidate, List<String> proof) implements RecordBody {
    /** The reasons a record can prove. */
    public static final Set<String> PROVABLE = Set.of("TRUNCATED", "FORKED", "INCONSISTENT");

    /** Checks formats; signatures and the conflict are the rules' job. */
    public WitnessRefusalBody {
        Fields.matching("allianceId", allianceId, Fields.MSP_ID);
        Fields.required("alg", alg);
        if (!PROVABLE.contains(Fields.required("reason", reason))) {
            throw Fields.malformed("reason must be one of " + PROVABLE + ", got " + reason);
        }
        Fields.required("lastCosigned", lastCosigned);
        Fields.required("cosignature", cosignature);
        Fields.required("candidate", candidate);
        Fields.digest("lastCosigned.root", alg, lastCosigned.root());
        Fields.digest("candidate.root", alg, candidate.root());
        proof = Fields.consistencyProof(alg, proof);
    }

    @Override
    public RecordType recordType() {
        return RecordType.WITNESS_REFUSAL;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return recordId;
    }

    /**
     * One checkpoint as its producer signed it, without the alliance and algorithm its record
     * states once.
     *
     * @param org the producer
     * @param treeSize the tree size
     * @param root the root, lowercase hex
     * @param time the checkpoint's RFC 3339 UTC time
     * @param signature the producer's signature over the checkpoint
     */
    public record StatedCheckpoint(String org, long treeSize, String root, String time, CheckpointSignature signature) {
        /** Checks formats. */
        public StatedCheckpoint {
            Fields.mspId("org", org);
            if (treeSize < 0) {
                throw Fields.malformed("treeSize must not be negative");
            }
            Fields.required("root", root);
            Fields.time("time", time);
            Fields.required("signature", signature);
        }
    }
}
