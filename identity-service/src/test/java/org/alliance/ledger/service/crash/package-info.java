/** Crash safety of the running service: SIGKILL under load, restart, retry, and the ledger's account of it. */
package org.alliance.ledger.service.crash;
