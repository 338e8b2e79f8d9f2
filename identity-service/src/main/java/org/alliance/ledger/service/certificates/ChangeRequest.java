package org.alliance.ledger.service.certificates;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A status change's reason: a code of the fixed list (ledger-core's {@code ReasonCode}, for
 * example {@code LOST}) and optionally a note in words, which is kept off the ledger for the
 * retention period while the record carries its hash.
 *
 * @param reason the reason code
 * @param note what the issuer wants to add in words, optional
 */
@Schema(description = "证照状态变更的理由 / why a certificate's status changes", example = """
        {"reason": "LOST", "note": "持证人报失"}
        """)
public record ChangeRequest(String reason, String note) {
    /** No body: no reason and no note. */
    public static final ChangeRequest NONE = new ChangeRequest(null, null);
}
