/**
 * The world-state abstraction that lets one set of rules run both inside Fabric chaincode and in
 * the embedded ledger.
 */
package org.alliance.ledger.core.state;
