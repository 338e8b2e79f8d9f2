/**
 * The ledger the service writes to: the embedded ledger by default (seeded with the demo
 * alliance agreement on first run), Fabric once issue 3 provides its client.
 */
package org.alliance.ledger.service.ledger;
