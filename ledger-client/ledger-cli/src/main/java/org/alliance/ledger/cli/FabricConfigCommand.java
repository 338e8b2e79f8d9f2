package org.alliance.ledger.cli;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.alliance.ledger.cli.fabric.ChannelConfig;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fabric config}: shows who is in a channel's configuration, or who signed a config update,
 * in lines a script can read.
 */
@Command(name = "config", description = {
    "Show a channel configuration: with --block, its block number, config sequence, application orgs, orderer orgs",
    "and SmartBFT consenters (one 'consenter ID MSPID HOST:PORT' line each); with --update, the MSP ids",
    "of the identities that signed a config update envelope."})
public final class FabricConfigCommand extends CliCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    /** Exactly one thing to show. */
    static final class Input {
        @Option(names = "--block", paramLabel = "FILE", description = "A config block.")
        Path block;

        @Option(names = "--update", paramLabel = "FILE", description = "A config update envelope.")
        Path update;
    }

    @Override
    protected int run() {
        if (input.block != null) {
            ChannelConfig config = read(this, input.block);
            println("block " + config.blockNumber());
            println("sequence " + config.sequence());
            println("application " + String.join(" ", config.orgs(ChannelConfig.APPLICATION)));
            println("orderer " + String.join(" ", config.orgs(ChannelConfig.ORDERER)));
            config.consenters().forEach(c -> println("consenter " + c.getId() + " " + c.getMspId() + " " + c.getHost()
                    + ":" + c.getPort()));
            return ExitCodes.OK;
        }
        ConfigUpdateEnvelope update;
        try {
            update = ChannelConfig.readUpdateEnvelope(readInput(input.update));
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(input.update + ": " + e.getMessage(), e);
        }
        println("signed-by " + ChannelConfig.signers(update).stream().collect(Collectors.joining(" ")));
        return ExitCodes.OK;
    }

    /** Reads a config block, or fails with the file named. */
    static ChannelConfig read(CliCommand command, Path block) {
        try {
            return ChannelConfig.fromBlock(command.readInput(block));
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(block + ": " + e.getMessage(), e);
        }
    }
}
