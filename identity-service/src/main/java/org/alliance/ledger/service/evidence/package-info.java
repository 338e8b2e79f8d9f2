/**
 * Evidence export: the bundle of any record (the record, its Merkle proof, its batch root and the
 * ledger anchor), the same JSON {@code ledger-cli verify-bundle} checks offline.
 */
package org.alliance.ledger.service.evidence;
