package org.alliance.ledger.core.record;

/** What a recognition refers to. */
public enum TargetType {
    /** A case's approval decision; the target id is the case id. */
    APPROVAL,
    /** An electronic certificate; the target id is the certificate id. */
    CERTIFICATE
}
