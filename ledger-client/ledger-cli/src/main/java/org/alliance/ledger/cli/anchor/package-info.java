/**
 * Offline verification of the anchors of evidence bundles taken from a Fabric network: that the
 * transaction which wrote a batch root was endorsed by enough members of the alliance, was VALID
 * in its block, and that the block was signed by a quorum of the alliance's orderers, checked
 * with nothing but the org CA certificates of a trust directory.
 *
 * <p>Depends on {@code ledger-core} and Fabric's protobuf messages only; no network access.
 */
package org.alliance.ledger.cli.anchor;
