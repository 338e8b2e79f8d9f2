package org.alliance.ledger.core.record;

/**
 * The hash of a document kept off the ledger: an application material, an attachment, a
 * comment or a certificate file.
 *
 * @param label what the document is, for example {@code transfer-application}; a code, not
 *     free text, so it cannot carry personal data
 * @param alg the hash algorithm, {@code sha256} or {@code sm3}
 * @param hash the digest as lowercase hex
 */
public record DocumentHash(String label, String alg, String hash) {
    /** Checks the label format and that the digest has the algorithm's length. */
    public DocumentHash {
        Fields.matching("label", label, Fields.ID);
        Fields.digest("hash", alg, hash);
    }
}
