/**
 * Anchoring the alliance log's checkpoints to an EVM chain: the {@link org.alliance.ledger.evm.EvmAnchorer}
 * sends each checkpoint to the anchor contract ({@link org.alliance.ledger.evm.AnchorContract} deploys,
 * administers and reads it), keeps one transaction in flight with its nonce journaled on disk, and
 * reports an {@link org.alliance.ledger.evm.AnchorerStatus} that never waits on the node.
 */
package org.alliance.ledger.evm;
