/**
 * The ledger the service writes to and reads from: the embedded ledger by default (seeded with the
 * demo alliance agreement on first run), another instance's embedded ledger over its internal
 * endpoint, or Fabric through the org's own peers; its health; and {@link
 * org.alliance.ledger.service.ledger.LedgerFollower}, the base of the components that follow its
 * committed-event stream.
 */
package org.alliance.ledger.service.ledger;
