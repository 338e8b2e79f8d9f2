package org.alliance.ledger.service.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.alliance.ledger.service.outbox.RecordProgress;

/**
 * The library as the public sees it: the root its proofs are checked against, and where that root
 * is recorded on the ledger.
 *
 * @param algorithm the tree's hash, {@code sha256} or {@code sm3}
 * @param size the number of certificates
 * @param root the RFC 6962 root, lowercase hex
 * @param logId the log id its checkpoints are recorded under
 * @param lookupByHash whether proofs can be asked for by certificate hash (false above the indexed
 *     size: by index only)
 * @param checkpoint the record of this size and root on the ledger; absent until an admin records it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LibraryView(String algorithm, long size, String root, String logId, boolean lookupByHash,
        Recorded checkpoint) {
    /**
     * The library's checkpoint record.
     *
     * @param recordId the {@code LOG_CHECKPOINT} record
     * @param ledger where it stands: PENDING or SUBMITTED in the outbox, COMMITTED with its
     *     transaction and batch, or FAILED with the rules' reason
     */
    public record Recorded(String recordId, RecordProgress ledger) {
    }
}
