/**
 * The ledger the service writes to: the embedded ledger by default (seeded with the demo
 * alliance agreement on first run); a Fabric mode over ledger-fabric is still to come.
 */
package org.alliance.ledger.service.ledger;
