/**
 * Development only: one process's embedded ledger shared with other processes on the same
 * machine over loopback HTTP. {@link org.alliance.ledger.devrpc.LedgerRpc} answers the calls
 * (the service mounts it behind a shared secret), and {@link org.alliance.ledger.devrpc.RemoteLedger}
 * makes them. Both sides keep the ledger's contract: typed refusals and failure stages, commit
 * status by transaction id, and committed events from the caller's checkpoint.
 */
package org.alliance.ledger.devrpc;
