package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code checkpoint}: the group of alliance log checkpoint commands. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Signed checkpoints of the alliance log (an RFC 6962 tree over the committed batch roots).",
        subcommands = {
            CheckpointVerifyConsistencyCommand.class,
        })
public final class CheckpointCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Called when no checkpoint command was named: that is a usage error. */
    @Override
    public void run() {
        throw LedgerCli.missingSubcommand(spec);
    }
}
