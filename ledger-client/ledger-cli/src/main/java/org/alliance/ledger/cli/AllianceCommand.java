package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code alliance}: the group of commands that act on an alliance through its members' service instances. */
@Command(name = "alliance", mixinStandardHelpOptions = true,
        description = "Act on an alliance through its members' service instances: found the demo alliance, admit a region that joined.",
        subcommands = {
            AllianceFoundCommand.class,
            AllianceAdmitCommand.class,
        })
public final class AllianceCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Called when no alliance command was named: that is a usage error. */
    @Override
    public void run() {
        throw LedgerCli.missingSubcommand(spec);
    }
}
