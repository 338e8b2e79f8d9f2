/**
 * The EVM anchorer behind ledger-core's anchoring interface, found by {@link java.util.ServiceLoader}
 * under the kind {@code evm}: a service that has this module on its class path anchors its
 * co-signed checkpoints with {@link org.alliance.ledger.evm.EvmAnchorer} and serves each anchor's
 * offline proof, without compiling against web3j.
 */
package org.alliance.ledger.evm.spi;
