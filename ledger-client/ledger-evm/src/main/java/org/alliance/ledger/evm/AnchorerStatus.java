package org.alliance.ledger.evm;

import java.time.Instant;

/**
 * What an anchorer is doing, as a health check reports it. Reading it never waits on the node.
 *
 * @param state the anchorer's state
 * @param detail a human-readable line on the state (why it is unreachable or refused, what it waits for)
 * @param anchoredTreeSize the largest tree size this anchorer saw anchored with enough confirmations, 0 if none
 * @param queued checkpoints waiting to be anchored, the one in flight included
 * @param headBlock the node's block number at the last contact, or -1 before any
 * @param lastContact when the node last answered, or null before it ever did
 * @param since when the anchorer entered this state
 */
public record AnchorerStatus(State state, String detail, long anchoredTreeSize, int queued, long headBlock,
        Instant lastContact, Instant since) {

    /** The anchorer's states. */
    public enum State {
        /** Started, the node not yet asked. */
        STARTING,
        /** Nothing to anchor. */
        IDLE,
        /** A checkpoint's transaction is sent and awaits inclusion or confirmations. */
        ANCHORING,
        /** The node does not answer: the anchorer retries, and anchors once it answers again. */
        UNREACHABLE,
        /** The contract refused the last anchor (for example: the account is not a registered submitter). */
        REFUSED,
        /** Closed. */
        STOPPED
    }

    /**
     * Whether anchoring works: the node answers and the contract accepts this anchorer's anchors.
     *
     * @return false when unreachable, refused or stopped
     */
    public boolean healthy() {
        return state == State.STARTING || state == State.IDLE || state == State.ANCHORING;
    }
}
