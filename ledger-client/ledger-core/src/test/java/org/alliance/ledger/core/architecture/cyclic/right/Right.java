package org.alliance.ledger.core.architecture.cyclic.right;

import org.alliance.ledger.core.architecture.cyclic.left.Left;

/** The other half of a deliberate package cycle, which the architecture rule must report. */
public final class Right {
    /** The first half. */
    public Left left;
}
