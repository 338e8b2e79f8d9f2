package org.alliance.ledger.core.architecture.cyclic.left;

import org.alliance.ledger.core.architecture.cyclic.right.Right;

/** Half of a deliberate package cycle, which the architecture rule must report. */
public final class Left {
    /** The other half. */
    public Right right;
}
