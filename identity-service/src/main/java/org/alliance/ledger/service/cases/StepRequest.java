package org.alliance.ledger.service.cases;

import java.util.List;

/**
 * What comes with a step: hashes of attached documents or comments, and for {@code issue} the
 * window where the result is handed over.
 *
 * @param attachments document hashes
 * @param window the issuing window's code (issue only), for example {@code ZZ-WINDOW-03}
 */
public record StepRequest(List<ReceiveRequest.MaterialHash> attachments, String window) {
    /** Copies the attachments. */
    public StepRequest {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An empty request. */
    static final StepRequest NONE = new StepRequest(List.of(), null);
}
