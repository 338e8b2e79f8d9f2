package org.alliance.ledger.core.record;

/** An org's role in the alliance, fixed by the agreement. */
public enum MemberRole {
    /** A region that receives, approves, issues and recognises cases. */
    REGION,
    /** An oversight body: reads everything and writes nothing except its agreement signature. */
    AUDITOR
}
