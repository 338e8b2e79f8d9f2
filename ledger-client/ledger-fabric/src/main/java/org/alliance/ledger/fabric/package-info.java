/**
 * The evidence ledger over a Hyperledger Fabric network, through the Fabric Gateway: {@link
 * org.alliance.ledger.fabric.FabricLedger} submits records to the {@code evidence} chaincode,
 * asks for commit status by transaction id, evaluates the chaincode's queries and dry runs, and
 * reads committed batches as chaincode events from a durable checkpoint.
 *
 * <p>Failures are typed by the stage that failed, and every one carries the transaction id:
 * refusals by the rules stay {@link org.alliance.ledger.core.error.RuleException}s with their
 * error code; the others are subclasses of {@link org.alliance.ledger.core.ledger.LedgerException}.
 */
package org.alliance.ledger.fabric;
