/**
 * Offline proof that the anchor contract recorded a checkpoint: the block's header (its hash is the
 * block hash), the anchor transaction and its receipt, each with its Merkle-Patricia proof against
 * the header's {@code transactionsRoot} and {@code receiptsRoot}. {@link org.alliance.ledger.evm.proof.EvmAnchorProofs}
 * collects one from a node, {@link org.alliance.ledger.evm.proof.EvmAnchorVerifier} checks it with
 * nothing but the proof, and, given a node, whether its block is canonical with enough confirmations.
 */
package org.alliance.ledger.evm.proof;
