package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trust}: the group of trust bundle commands. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Trust bundles: the alliance's member keys, as its agreement states them, for verify-bundle.",
        subcommands = {TrustFetchCommand.class})
public final class TrustCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Called when no trust command was named: that is a usage error. */
    @Override
    public void run() {
        throw LedgerCli.missingSubcommand(spec);
    }
}
