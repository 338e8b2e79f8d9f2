/**
 * Progress of the long commands on standard error: a bar redrawn in place when standard error is a
 * terminal, plain lines for logs, or nothing. It depends on no command class, so that any
 * package of the CLI may use it.
 */
package org.alliance.ledger.cli.progress;
