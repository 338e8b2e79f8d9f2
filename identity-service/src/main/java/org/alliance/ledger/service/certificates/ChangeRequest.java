package org.alliance.ledger.service.certificates;

/**
 * A status change's reason: a code of the fixed list (ledger-core's {@code ReasonCode}, for
 * example {@code LOST}) and optionally a note in words, which is kept off the ledger for the
 * retention period while the record carries its hash.
 *
 * @param reason the reason code
 * @param note what the issuer wants to add in words, optional
 */
public record ChangeRequest(String reason, String note) {
    /** No body: no reason and no note. */
    public static final ChangeRequest NONE = new ChangeRequest(null, null);
}
