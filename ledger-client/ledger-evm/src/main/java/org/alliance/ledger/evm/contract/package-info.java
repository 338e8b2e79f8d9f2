/**
 * The anchor contract's Java wrapper, {@code AnchorRegistry}, generated at build time by web3j's
 * codegen from the ABI and bytecode that the pinned solcjs compiles from
 * {@code src/main/solidity/AnchorRegistry.sol}. Nothing in this package is written by hand.
 */
package org.alliance.ledger.evm.contract;
