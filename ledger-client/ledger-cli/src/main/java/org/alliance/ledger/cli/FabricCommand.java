package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fabric}: the group of commands that prepare material for a Fabric network. */
@Command(name = "fabric", mixinStandardHelpOptions = true,
        description = "Fabric helpers: enroll users with their alliance role, wait for discovery, add an org to a channel.",
        subcommands = {
            FabricEnrollCommand.class,
            FabricReadyCommand.class,
            FabricConfigCommand.class,
            FabricAddOrgCommand.class,
        })
public final class FabricCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Called when no fabric command was named: that is a usage error. */
    @Override
    public void run() {
        throw LedgerCli.missingSubcommand(spec);
    }
}
