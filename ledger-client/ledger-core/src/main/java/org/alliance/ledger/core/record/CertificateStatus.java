package org.alliance.ledger.core.record;

/** The status of an anchored certificate. */
public enum CertificateStatus {
    /** Valid. */
    VALID,
    /** Temporarily not valid. */
    SUSPENDED,
    /** Revoked; terminal. */
    REVOKED
}
