package org.alliance.ledger.core.record;

/**
 * The hash of a document kept off the ledger: an application material, an attachment, a
 * comment or a certificate file.
 *
 * <p>The rules accept three kinds of label: a material code of the case's catalogue item
 * ({@link CatalogueItem#materialCodes()}), a note {@code note:CODE} whose code is a
 * {@link ReasonCode} (the note's words stay off the ledger, the hash is of them), and on an
 * {@code ISSUE} step the window {@code issue-window:WINDOW}.
 *
 * @param label what the document is, for example {@code transfer-application}; a code, not
 *     free text, so it cannot carry personal data
 * @param alg the hash algorithm, {@code sha256} or {@code sm3}
 * @param hash the digest as lowercase hex
 */
public record DocumentHash(String label, String alg, String hash) {
    /** Prefix of a note's label; a {@link ReasonCode} follows. */
    public static final String NOTE_PREFIX = "note:";
    /** Prefix of the issuing window's label; the window's code follows. */
    public static final String WINDOW_PREFIX = "issue-window:";

    /** Checks the label format and that the digest has the algorithm's length. */
    public DocumentHash {
        Fields.matching("label", label, Fields.ID);
        Fields.digest("hash", alg, hash);
    }
}
