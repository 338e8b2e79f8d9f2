/**
 * Alliance administration: propose an agreement with its members and item catalogue, amend it,
 * sign a proposed version as this org's admin, and show the version in force with the proposals
 * still awaiting signatures. Writes are checked against the agreement rule before they are
 * acknowledged and reach the ledger through the outbox.
 */
package org.alliance.ledger.service.agreements;
