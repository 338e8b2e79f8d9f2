/**
 * The few pieces of Ethereum's encoding an offline verifier needs to check an EVM anchor without a
 * node or an Ethereum library: RLP, Keccak-256, the Merkle-Patricia proof of a block's
 * transaction or receipt, a signed transaction's sender, and the anchor contract's event. They are
 * here, on Bouncy Castle alone, so that verifying a bundle never needs the EVM client's
 * dependencies.
 */
package org.alliance.ledger.core.evm;
