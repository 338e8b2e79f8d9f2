package org.alliance.ledger.core.record;

/** The states of a case, as in the state machine of DESIGN.md. */
public enum CaseState {
    /** Received by the accepting region. */
    RECEIVED,
    /** Forwarded to the home region for a decision. */
    FORWARDED,
    /** The home region asked for more material. */
    MATERIAL_REQUESTED,
    /** Approved by the home region. */
    APPROVED,
    /** Rejected by the home region. */
    REJECTED,
    /** The result was issued to the applicant by the accepting region. */
    ISSUED,
    /** Closed; terminal. */
    CLOSED
}
