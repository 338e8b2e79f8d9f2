package org.alliance.ledger.core.record;

import java.util.List;

/**
 * Body of a {@code CHECKPOINT} record: a Merkle root (RFC 6962) over the roots of a range of
 * earlier batches, in the order listed. The rules recompute the root from the stored batches,
 * so a checkpoint can only attest to what the ledger really holds.
 *
 * @param alg the hash algorithm of the checkpoint tree
 * @param batchIds the batches covered, in order
 * @param count the number of batches, equal to {@code batchIds.size()}
 * @param root the root over the batch roots, lowercase hex
 */
public record CheckpointBody(String alg, List<String> batchIds, int count, String root)
        implements RecordBody {
    /** Checks formats and that the count matches. */
    public CheckpointBody {
        batchIds = Fields.list("batchIds", batchIds, 1);
        batchIds.forEach(b -> Fields.id("batchIds[]", b));
        Fields.distinct("batchIds", batchIds, b -> b);
        if (count != batchIds.size()) {
            throw Fields.malformed("count " + count + " does not match " + batchIds.size() + " batchIds");
        }
        Fields.digest("root", alg, root);
    }

    @Override
    public RecordType recordType() {
        return RecordType.CHECKPOINT;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return org;
    }
}
