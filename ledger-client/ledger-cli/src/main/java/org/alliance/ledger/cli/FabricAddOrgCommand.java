package org.alliance.ledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.alliance.ledger.cli.fabric.ChannelConfig;
import org.alliance.ledger.cli.fabric.ConfigUpdates;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.Consenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fabric add-org}: computes the config update that adds an org to a running SmartBFT
 * channel, as an unsigned envelope for {@code peer channel signconfigtx} and {@code peer channel update}.
 */
@Command(name = "add-org", description = {
    "Compute the channel config update that adds an org: its application group (peers, anchor peer),",
    "its orderer group (endpoint) and its orderer as the next SmartBFT consenter, with the orderer",
    "group's BlockValidation policy rewritten to the BFT quorum of the new consenter set. The org's",
    "groups and consenter come from --org-block, a block that configtxgen wrote for the org alone.",
    "Writes the unsigned CONFIG_UPDATE envelope to --out. Exit 1 if the org is already a member."})
public final class FabricAddOrgCommand extends CliCommand {
    @Option(names = "--config-block", required = true, paramLabel = "FILE",
            description = "The channel's latest config block (peer channel fetch config).")
    private Path configBlock;

    @Option(names = "--org-block", required = true, paramLabel = "FILE",
            description = "A block configtxgen wrote with the new org as application org, orderer org and consenter.")
    private Path orgBlock;

    @Option(names = "--msp-id", required = true, paramLabel = "ID", description = "The new org's MSP id.")
    private String mspId;

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "The channel.")
    private String channel;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the update envelope.")
    private Path out;

    @Override
    protected int run() {
        ChannelConfig current = FabricConfigCommand.read(this, configBlock);
        ChannelConfig template = FabricConfigCommand.read(this, orgBlock);
        if (current.orgs(ChannelConfig.APPLICATION).contains(mspId) || current.orgs(ChannelConfig.ORDERER).contains(mspId)) {
            throw CliFailure.invalid(mspId + " is already a member of channel " + channel + " (config sequence "
                    + current.sequence() + ")");
        }
        ChannelConfig next;
        try {
            next = current.withOrg(template, mspId);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(e.getMessage(), e);
        }
        ConfigUpdate update = ConfigUpdates.compute(channel, current.config(), next.config());
        try {
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".add-org", ".tmp");
            Files.write(tmp, ChannelConfig.updateEnvelope(update).toByteArray());
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CliFailure.input("cannot write " + out + ": " + e.getMessage(), e);
        }
        List<Consenter> consenters = next.consenters();
        Consenter added = consenters.get(consenters.size() - 1);
        int apps = current.orgs(ChannelConfig.APPLICATION).size();
        println(String.format("config update adding %s to channel %s: application orgs %d -> %d, consenter %d at %s:%d, "
                + "block quorum %d of %d -> %d of %d; it needs the admins of a majority of the %d member orgs (%d)",
                mspId, channel, apps, apps + 1, added.getId(), added.getHost(), added.getPort(),
                ChannelConfig.bftQuorum(consenters.size() - 1), consenters.size() - 1,
                ChannelConfig.bftQuorum(consenters.size()), consenters.size(), apps, apps / 2 + 1));
        return ExitCodes.OK;
    }
}
