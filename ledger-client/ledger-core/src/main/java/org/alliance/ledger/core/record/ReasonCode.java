package org.alliance.ledger.core.record;

import java.util.Arrays;
import java.util.List;

/**
 * The fixed list of reasons a record may give: why a certificate is suspended, reinstated or
 * revoked, why a recognition is refused, what a note on a case step is about. A reason on the
 * ledger is one of these codes, never free text; whatever a person wrote in words is kept off the
 * ledger by the producer, which puts only its hash ({@code noteHash}, or a {@code note:CODE}
 * attachment of a step) on the ledger. Free text could carry a name or an ID number in a form no
 * scanner recognises; a code from this list cannot.
 *
 * <p>The names are part of the public contract, like {@link org.alliance.ledger.core.error.ErrorCode}:
 * add codes, never rename or reuse one.
 */
public enum ReasonCode {
    /** The holder reported the certificate lost. */
    LOST,
    /** The certificate or its carrier is damaged. */
    DAMAGED,
    /** The holder asked for the change. */
    HOLDER_REQUEST,
    /** The certificate was issued in error. */
    ISSUED_IN_ERROR,
    /** Data the result relied on was corrected (for example a contribution record). */
    DATA_CORRECTED,
    /** Fraud is suspected and under investigation. */
    FRAUD_SUSPECTED,
    /** A court or another authority ordered the change. */
    AUTHORITY_ORDER,
    /** A newer certificate replaces this one. */
    SUPERSEDED,
    /** A lost certificate was found, or a suspicion was cleared. */
    RECOVERED,
    /** The application's materials are incomplete. */
    MATERIAL_INCOMPLETE,
    /** The applicant does not meet the item's conditions. */
    NOT_ELIGIBLE,
    /** The result cannot be verified against the ledger or the file. */
    NOT_VERIFIABLE,
    /** The result is no longer valid (suspended, revoked, expired). */
    RESULT_NOT_VALID,
    /** The recognising region's item is not equivalent to the result's item. */
    ITEM_NOT_EQUIVALENT,
    /** The decision follows the application as filed. */
    AS_FILED,
    /** None of the above; the off-ledger note says more. */
    OTHER;

    /**
     * Whether a string names a code of this list.
     *
     * @param value the string
     * @return true if it is exactly one of the names
     */
    public static boolean isCode(String value) {
        return value != null && Arrays.stream(values()).anyMatch(c -> c.name().equals(value));
    }

    /**
     * The codes' names, in declaration order, for messages and client pick lists.
     *
     * @return the names
     */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
