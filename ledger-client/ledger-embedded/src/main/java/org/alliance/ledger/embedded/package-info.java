/**
 * The embedded ledger: an in-process, durable, hash-chained ledger that runs the same evidence
 * rules as the Fabric chaincode.
 *
 * <p>{@link org.alliance.ledger.embedded.EmbeddedLedger} is the entry point. Every accepted
 * transaction becomes one signed block appended to {@code blocks.log} and forced to disk before
 * the call returns; on open the world state is rebuilt by replaying every block through the
 * rules, and any change to the files is reported as a
 * {@link org.alliance.ledger.embedded.LedgerTamperedException}.
 */
package org.alliance.ledger.embedded;
