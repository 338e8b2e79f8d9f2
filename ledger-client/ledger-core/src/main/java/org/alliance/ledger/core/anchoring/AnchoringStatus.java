package org.alliance.ledger.core.anchoring;

import java.time.Instant;
import java.util.Objects;

/**
 * What an anchorer is doing, as health reports it.
 *
 * @param state the anchorer's state, by name (e.g. {@code IDLE}, {@code ANCHORING}, {@code UNREACHABLE},
 *     {@code REFUSED})
 * @param detail a human-readable line on the state: why the node is unreachable or the contract
 *     refused, what it waits for
 * @param anchoredTreeSize the largest tree size seen anchored with enough confirmations, 0 if none
 * @param queued checkpoints waiting to be anchored, the one in flight included
 * @param headBlock the chain's head block at the last contact, or -1 before any
 * @param lastContact when the node last answered, or null before it ever did
 * @param healthy whether anchoring works: the node answers and the contract accepts the anchors
 */
public record AnchoringStatus(String state, String detail, long anchoredTreeSize, int queued, long headBlock,
        Instant lastContact, boolean healthy) {
    /** Checks that the state is named. */
    public AnchoringStatus {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }
}
