/**
 * Fabric membership material made without a Fabric CA server: enrollment certificates issued from
 * an org's CA key, with the role in the Fabric CA attribute extension, written as a local MSP
 * directory that the peer CLI and the Gateway client read.
 *
 * <p>Depends only on Bouncy Castle and {@code ledger-core}; the command line wraps it.
 */
package org.alliance.ledger.cli.fabric;
