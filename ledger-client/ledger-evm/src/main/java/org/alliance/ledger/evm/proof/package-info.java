/**
 * Collection, from a node, of the offline proof that the anchor contract recorded a checkpoint
 * (ledger-core's {@link org.alliance.ledger.core.bundle.EvmAnchorProof}: the block's header, the
 * anchor transaction and its receipt, each with its Merkle-Patricia proof against the header's
 * {@code transactionsRoot} and {@code receiptsRoot}). {@link org.alliance.ledger.evm.proof.EvmAnchorProofs}
 * collects one; ledger-core checks it offline; {@link org.alliance.ledger.evm.proof.EvmCanonicalCheck}
 * checks, given a node, whether its block is canonical with enough confirmations.
 */
package org.alliance.ledger.evm.proof;
