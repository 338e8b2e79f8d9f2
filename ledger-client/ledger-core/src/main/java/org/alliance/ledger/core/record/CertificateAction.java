package org.alliance.ledger.core.record;

/** What a {@code CERTIFICATE} record does. */
public enum CertificateAction {
    /** Anchors a newly issued certificate. */
    ISSUE,
    /** Suspends a valid certificate. */
    SUSPEND,
    /** Makes a suspended certificate valid again. */
    REINSTATE,
    /** Revokes a certificate for good. */
    REVOKE
}
