/**
 * The contract suites. {@link org.alliance.ledger.conformance.EvidenceLedgerContract} states
 * what every {@link org.alliance.ledger.core.ledger.EvidenceLedger} must do (idempotent record
 * ids, typed refusals, status and event resumption across restarts, dry runs that agree with
 * submits), and {@link org.alliance.ledger.conformance.WorldStateContract} what every {@link
 * org.alliance.ledger.core.state.WorldState} must do. An implementation's test extends a suite
 * and supplies the fixture; the suite's tests then run against it unchanged.
 */
package org.alliance.ledger.conformance;
