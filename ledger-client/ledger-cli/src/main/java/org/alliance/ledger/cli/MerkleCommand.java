package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code merkle}: the group of RFC 6962 Merkle tree commands. */
@Command(name = "merkle", mixinStandardHelpOptions = true,
        description = "RFC 6962 Merkle trees: roots, inclusion and consistency proofs.",
        subcommands = {
            MerkleRootCommand.class,
            MerkleProveCommand.class,
            MerkleConsistencyCommand.class,
            MerkleVerifyCommand.class,
        })
public final class MerkleCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Called when no merkle command was named: that is a usage error. */
    @Override
    public void run() {
        throw LedgerCli.missingSubcommand(spec);
    }
}
