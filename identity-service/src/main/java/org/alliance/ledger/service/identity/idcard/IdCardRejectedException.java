package org.alliance.ledger.service.identity.idcard;

import java.util.Objects;

/** ID card fields that fail validation, with a machine-readable reason. */
public final class IdCardRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the fields were rejected. */
    public enum Reason {
        /** Not 18 characters of 17 digits and a digit or X. */
        BAD_ID_FORMAT,
        /** The check character does not match the first 17 digits. */
        BAD_CHECK_DIGIT,
        /** The first two digits are not a province-level code of GB/T 2260. */
        UNKNOWN_REGION,
        /** The encoded birth date does not exist or lies in the future. */
        BAD_BIRTH_DATE,
        /** The name is empty, too long or holds characters no name has. */
        BAD_NAME,
        /** A validity date is not an ISO date (or 长期 for the end). */
        BAD_DATE,
        /** The validity period ends before it starts. */
        BAD_VALIDITY_PERIOD,
        /** The card is not valid yet. */
        CARD_NOT_YET_VALID,
        /** The card has expired. */
        CARD_EXPIRED
    }

    private final Reason reason;
    private final String field;

    /**
     * Creates a rejection.
     *
     * @param reason the reason
     * @param field the offending field
     * @param message an explanation for people; never the field's value
     */
    public IdCardRejectedException(Reason reason, String field, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = Objects.requireNonNull(field, "field");
    }

    /**
     * The machine-readable reason.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The offending field.
     *
     * @return the field name as in the API
     */
    public String field() {
        return field;
    }
}
