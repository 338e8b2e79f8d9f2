package org.alliance.ledger.core.record;

/** How an identity was checked. */
public enum AttestationMethod {
    /** Live face compared with the ID card's chip photo or the registry photo. */
    FACE_AND_ID_CARD
}
