package org.alliance.ledger.service.cases;

import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "办件的一步：附件哈希、理由代码与备注 / a step: attachment hashes, a reason code and a note", example = """
        {"attachments": [{"label": "note:MATERIAL_INCOMPLETE", "alg": "sha256",
           "hash": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}],
         "reason": "MATERIAL_INCOMPLETE", "note": "缺少参保缴费凭证"}
        """)
public record StepRequest(List<ReceiveRequest.MaterialHash> attachments, String window, String reason, String note) {
    /** Copies the attachments. */
    public StepRequest {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An empty request. */
    static final StepRequest NONE = new StepRequest(List.of(), null, null, null);
}
