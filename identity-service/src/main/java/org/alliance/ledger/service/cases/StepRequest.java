package org.alliance.ledger.service.cases;

import java.util.List;

/**
 * What comes with a step: hashes of attached documents, a comment, and for {@code issue} the
 * window where the result is handed over. A comment is a reason code with optional words: the
 * step record carries {@code note:CODE} and the hash of the words, which stay off the ledger.
 *
 * @param attachments document hashes; labels are material codes of the case's catalogue item, or
 *     {@code note:CODE} for a comment hashed by the client
 * @param window the issuing window's code (issue only), for example {@code ZZ-WINDOW-03}
 * @param reason the comment's reason code, optional
 * @param note the comment in words, optional; needs a reason
 */
public record StepRequest(List<ReceiveRequest.MaterialHash> attachments, String window, String reason, String note) {
    /** Copies the attachments. */
    public StepRequest {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An empty request. */
    static final StepRequest NONE = new StepRequest(List.of(), null, null, null);
}
