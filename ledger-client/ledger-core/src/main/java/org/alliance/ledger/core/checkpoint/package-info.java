/**
 * Checkpoints of the alliance log as values: a {@link org.alliance.ledger.core.checkpoint.Checkpoint}
 * (alliance id, producing org, tree size, root, hash algorithm, time) with its RFC 8785 canonical
 * bytes, a {@link org.alliance.ledger.core.checkpoint.SignedCheckpoint} with the producer's
 * signature and the witnesses' co-signatures over those bytes, and {@link
 * org.alliance.ledger.core.checkpoint.Extension}, the one decision of whether a checkpoint's tree
 * extends another's.
 *
 * <p>These sit below the rules, so that the ledger rules (which record checkpoints), the witnesses
 * and the offline verifier of {@code core.log} all read the same bytes and decide the same way.
 */
package org.alliance.ledger.core.checkpoint;
