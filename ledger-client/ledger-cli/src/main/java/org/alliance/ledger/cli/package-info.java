/**
 * The {@code ledger-cli} command line: hashing, Merkle proofs, signatures and (added by other
 * commands) bundle verification and the demo.
 *
 * <p>Conventions every command follows, implemented once in {@link
 * org.alliance.ledger.cli.CliCommand} and {@link org.alliance.ledger.cli.ErrorHandler}: results on
 * standard output (hex in lowercase), errors as one line on standard error, exit status {@code 0}
 * for success, {@code 1} when a signature or proof does not verify, {@code 2} for usage and input
 * errors, {@code 70} for an internal error. A new command extends {@code CliCommand} and is added
 * to the {@code subcommands} list of {@link org.alliance.ledger.cli.LedgerCli}.
 */
package org.alliance.ledger.cli;
