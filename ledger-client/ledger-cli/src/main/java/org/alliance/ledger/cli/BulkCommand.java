package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulk}: anchoring a whole certificate library as one RFC 6962 tree kept in tiles. */
@Command(name = "bulk", mixinStandardHelpOptions = true,
        description = {"Bulk anchoring: build an RFC 6962 tree of a certificate library into tiles on disk,",
            "serve inclusion proofs from the tiles, and verify them offline."},
        subcommands = {
            BulkBuildCommand.class,
            BulkProveCommand.class,
            MerkleVerifyCommand.class,
            BulkGenerateCommand.class,
        })
public final class BulkCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Called when no bulk command was named: that is a usage error. */
    @Override
    public void run() {
        throw LedgerCli.missingSubcommand(spec);
    }
}
