/**
 * What the network scripts need from Fabric without a Fabric CA server or {@code configtxlator}:
 * enrollment certificates issued from an org's CA key, with the role in the Fabric CA attribute
 * extension, written as a local MSP directory that the peer CLI and the Gateway client read; a
 * peer's discovery plan; and the channel config update that adds an org to a running SmartBFT
 * channel.
 *
 * <p>Depends on Bouncy Castle, the Fabric protos, gRPC and {@code ledger-core}; the command line wraps it.
 */
package org.alliance.ledger.cli.fabric;
