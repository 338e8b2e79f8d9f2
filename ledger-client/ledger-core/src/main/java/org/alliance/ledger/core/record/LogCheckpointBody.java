package org.alliance.ledger.core.record;

import java.util.List;

/**
 * Body of a {@code LOG_CHECKPOINT} record: a signed, co-signed checkpoint of the alliance log (an
 * RFC 6962 tree over every committed batch root, in ledger order), recorded by the member that
 * produced it.
 *
 * <p>The checkpoint is {@code {format: "alliance-checkpoint/v1", allianceId, org, treeSize, root,
 * hashAlg, time}} with {@code org} and {@code time} those of the record, so the record carries
 * exactly the bytes its producer and witnesses signed. The log checkpoints of one alliance form
 * one chain (subject {@code alliance-log/ALLIANCE-ID}): each names the previous one as {@code
 * prev} and carries the consistency proof from the previous one's size to its own.
 *
 * @param allianceId the log's alliance
 * @param treeSize the number of batch roots in the tree
 * @param root the tree's root, lowercase hex
 * @param alg the tree's hash algorithm
 * @param signature the producer's signature over the checkpoint; its org is the record's
 * @param cosignatures the witnesses' co-signatures over the same checkpoint, at most one per org
 * @param proof the consistency proof hashes (lowercase hex, RFC 6962 order) from the previous log
 *     checkpoint's size to {@code treeSize}; empty for the first, or for the same size
 */
public record LogCheckpointBody(String allianceId, long treeSize, String root, String alg,
        CheckpointSignature signature, List<CheckpointSignature> cosignatures, List<String> proof)
        implements RecordBody {
    /** More co-signers than any alliance has members. */
    private static final int MAX_COSIGNATURES = 64;

    /** Checks formats; signatures and consistency are the rules' job. */
    public LogCheckpointBody {
        Fields.matching("allianceId", allianceId, Fields.MSP_ID);
        if (treeSize < 0) {
            throw Fields.malformed("treeSize must not be negative");
        }
        Fields.digest("root", alg, root);
        Fields.required("signature", signature);
        cosignatures = Fields.list("cosignatures", cosignatures, 0);
        if (cosignatures.size() > MAX_COSIGNATURES) {
            throw Fields.malformed("at most " + MAX_COSIGNATURES + " cosignatures, got " + cosignatures.size());
        }
        proof = Fields.consistencyProof(alg, proof);
    }

    /**
     * The id the producers of a log give the record of its checkpoint at a size, so that one
     * checkpoint is recorded once, whoever retries.
     *
     * @param logId the log's id (an alliance's, or a certificate library's)
     * @param treeSize the checkpoint's tree size
     * @return the record id
     */
    public static String recordId(String logId, long treeSize) {
        return logId + "/size-" + treeSize;
    }

    /**
     * The subject key of a log's chain of checkpoint records, as the ledger indexes its head.
     *
     * @param logId the log's id
     * @return the subject key
     */
    public static String subject(String logId) {
        return RecordType.LOG_CHECKPOINT.subjectKind() + "/" + logId;
    }

    @Override
    public RecordType recordType() {
        return RecordType.LOG_CHECKPOINT;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return allianceId;
    }
}
