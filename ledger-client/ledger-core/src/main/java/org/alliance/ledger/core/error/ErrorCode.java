package org.alliance.ledger.core.error;

/**
 * Stable error codes for refused actions. Clients, the chaincode and the service map these
 * one-to-one onto their own error channels, so the names are part of the public contract:
 * add new codes, never rename or reuse one.
 */
public enum ErrorCode {
    /** The input is not well-formed JSON or does not match the record schema. */
    MALFORMED_INPUT,
    /** The input holds a field the schema does not define. */
    UNKNOWN_FIELD,
    /** A value, list or the whole input is larger than allowed. */
    VALUE_TOO_LARGE,
    /** A hash has the wrong length or encoding, or does not match its content. */
    BAD_HASH,
    /** A signature or key is malformed or does not verify. */
    BAD_SIGNATURE,
    /** The record is signed with a key that its org has not registered in the agreement. */
    UNKNOWN_SIGNING_KEY,
    /** The calling org may not perform this action. */
    WRONG_ORG,
    /** The calling role may not perform this action. */
    WRONG_ROLE,
    /** The caller is read-only (an auditor) and tried to write. */
    READ_ONLY,
    /** The target is not in a state that allows this action. */
    WRONG_STATE,
    /** The item code is not in any catalogue known to the ledger. */
    UNKNOWN_ITEM,
    /** The item exists but the agreement relied on does not cover it. */
    ITEM_NOT_IN_AGREEMENT,
    /** An org named in the action is not a member of the agreement. */
    NOT_A_MEMBER,
    /** The agreement does not exist. */
    UNKNOWN_AGREEMENT,
    /** The agreement exists but is not yet signed by all its signatories. */
    AGREEMENT_NOT_ACTIVE,
    /** The case does not exist. */
    UNKNOWN_CASE,
    /** The certificate does not exist. */
    UNKNOWN_CERTIFICATE,
    /** The referenced record does not exist. */
    UNKNOWN_RECORD,
    /** A record with this id already exists with different content. */
    DUPLICATE_RECORD,
    /** The record's {@code prev} link is not the hash of the record it must follow. */
    PREV_MISMATCH,
    /** The record's version is not the next version of its subject. */
    VERSION_CONFLICT,
    /** The record appears to carry personal data (an ID number, a name or an image). */
    PERSONAL_DATA,
    /** The timestamp is outside the allowed window around the transaction time. */
    BAD_TIME,
    /** A reason is not a code of the fixed list ({@link org.alliance.ledger.core.record.ReasonCode}). */
    UNKNOWN_REASON,
    /** A document label is not a material of the item's catalogue entry, nor a note or window label. */
    UNKNOWN_MATERIAL
}
