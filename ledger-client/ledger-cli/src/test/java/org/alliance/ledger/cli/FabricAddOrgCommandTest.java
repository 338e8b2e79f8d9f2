package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.cli.fabric.ChannelConfig;
import org.alliance.ledger.cli.fabric.ConfigUpdates;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config update that adds an org, on configurations shaped like the network's (four orgs in
 * the application and orderer groups, four SmartBFT consenters), checked element by element
 * against the versioning rules the orderer applies; and the commands given bad input.
 */
class FabricAddOrgCommandTest {
    private static final List<String> FOUNDERS = List.of("ZhangzhouMSP", "ChaozhouMSP", "ShantouMSP", "AuditMSP");

    @TempDir
    Path dir;

    private static ConfigGroup org(String msp) {
        ConfigValue mspValue = ConfigValue.newBuilder().setModPolicy("Admins")
                .setValue(ByteString.copyFromUtf8("msp of " + msp)).build();
        ConfigPolicy admins = ConfigPolicy.newBuilder().setModPolicy("Admins")
                .setPolicy(Policy.newBuilder().setType(1).setValue(ByteString.copyFromUtf8(msp + ".admin"))).build();
        return ConfigGroup.newBuilder().setModPolicy("Admins").putValues("MSP", mspValue).putPolicies("Admins", admins).build();
    }

    private static Consenter consenter(int id, String msp, int port) {
        return Consenter.newBuilder().setId(id).setHost("127.0.0.1").setPort(port).setMspId(msp)
                .setIdentity(ByteString.copyFromUtf8("cert of orderer0 of " + msp))
                .setClientTlsCert(ByteString.copyFromUtf8("tls of " + msp))
                .setServerTlsCert(ByteString.copyFromUtf8("tls of " + msp)).build();
    }

    /** A channel configuration with these orgs, their orderers the consenters 1.. on ports 17003, 17013, .... */
    private static Config config(List<String> orgs, long sequence) {
        ConfigGroup.Builder application = ConfigGroup.newBuilder().setModPolicy("Admins").setVersion(1);
        ConfigGroup.Builder orderer = ConfigGroup.newBuilder().setModPolicy("Admins").setVersion(0)
                .putValues("BatchSize", ConfigValue.newBuilder().setModPolicy("Admins")
                        .setValue(ByteString.copyFromUtf8("100 messages")).build());
        List<Consenter> consenters = new ArrayList<>();
        for (int i = 0; i < orgs.size(); i++) {
            application.putGroups(orgs.get(i), org(orgs.get(i)));
            orderer.putGroups(orgs.get(i), org(orgs.get(i)));
            consenters.add(consenter(i + 1, orgs.get(i), 17003 + 10 * i));
        }
        orderer.putValues(ChannelConfig.ORDERERS, ConfigValue.newBuilder().setModPolicy("Admins").setVersion(2)
                .setValue(Orderers.newBuilder().addAllConsenterMapping(consenters).build().toByteString()).build());
        orderer.putPolicies(ChannelConfig.BLOCK_VALIDATION, ConfigPolicy.newBuilder().setModPolicy("Admins")
                .setPolicy(ChannelConfig.blockValidation(consenters)).build());
        ConfigGroup channel = ConfigGroup.newBuilder().setModPolicy("Admins")
                .putGroups(ChannelConfig.APPLICATION, application.build()).putGroups(ChannelConfig.ORDERER, orderer.build())
                .putValues("Capabilities", ConfigValue.newBuilder().setModPolicy("Admins")
                        .setValue(ByteString.copyFromUtf8("V3_0")).build())
                .build();
        return Config.newBuilder().setSequence(sequence).setChannelGroup(channel).build();
    }

    private Path block(String name, Config config, long number) throws Exception {
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ChannelHeader.newBuilder()
                        .setType(HeaderType.CONFIG_VALUE).setChannelId("evidence").build().toByteString()))
                .setData(ConfigEnvelope.newBuilder().setConfig(config).build().toByteString()).build();
        Block block = Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(number))
                .setData(BlockData.newBuilder().addData(Envelope.newBuilder().setPayload(payload.toByteString())
                        .build().toByteString())).build();
        return Files.write(dir.resolve(name), block.toByteArray());
    }

    @Test
    void theQuorumIsTheBftQuorumOfTheConsenters() {
        assertThat(List.of(1, 4, 5, 6, 7, 10)).extracting(ChannelConfig::bftQuorum).containsExactly(1, 3, 4, 4, 5, 7);
    }

    @Test
    void addingAnOrgWritesItsGroupsTheNextConsenterAndTheNewQuorumAtTheNextVersions() {
        ChannelConfig current = ChannelConfig.of(config(FOUNDERS, 0));
        ChannelConfig template = ChannelConfig.of(config(List.of("XiamenMSP"), 0));
        // The template's consenter is number 1 on 17003; it must get the next id, and its own port.
        Config templateConfig = template.config();
        ConfigGroup tOrderer = templateConfig.getChannelGroup().getGroupsOrThrow(ChannelConfig.ORDERER);
        ConfigValue moved = tOrderer.getValuesOrThrow(ChannelConfig.ORDERERS).toBuilder().setValue(Orderers.newBuilder()
                .addConsenterMapping(consenter(1, "XiamenMSP", 17043)).build().toByteString()).build();
        template = ChannelConfig.of(templateConfig.toBuilder().setChannelGroup(templateConfig.getChannelGroup().toBuilder()
                .putGroups(ChannelConfig.ORDERER, tOrderer.toBuilder().putValues(ChannelConfig.ORDERERS, moved).build())).build());

        ChannelConfig next = current.withOrg(template, "XiamenMSP");
        assertThat(next.orgs(ChannelConfig.APPLICATION)).contains("XiamenMSP").hasSize(5);
        assertThat(next.consenters()).extracting(Consenter::getId).containsExactly(1, 2, 3, 4, 5);
        assertThat(next.consenters().get(4).getPort()).isEqualTo(17043);
        assertThat(next.blockValidationPolicy()).isEqualTo(ChannelConfig.blockValidation(next.consenters()))
                .isNotEqualTo(current.blockValidationPolicy());

        ConfigUpdate update = ConfigUpdates.compute("evidence", current.config(), next.config());
        assertThat(update.getChannelId()).isEqualTo("evidence");
        ConfigGroup read = update.getReadSet();
        ConfigGroup write = update.getWriteSet();
        // The channel group's own members did not change: same version, no signature of its own, no values.
        assertThat(write.getVersion()).isZero();
        assertThat(write.getValuesMap()).isEmpty();
        assertThat(read.getGroupsMap().keySet()).containsExactlyInAnyOrder("Application", "Orderer");
        // Application: a member group was added, so it is written at version 2 naming every member.
        ConfigGroup app = write.getGroupsOrThrow("Application");
        assertThat(read.getGroupsOrThrow("Application").getVersion()).isEqualTo(1);
        assertThat(app.getVersion()).isEqualTo(2);
        assertThat(app.getModPolicy()).isEqualTo("Admins");
        assertThat(app.getGroupsMap().keySet()).containsExactlyInAnyOrder("ZhangzhouMSP", "ChaozhouMSP", "ShantouMSP",
                "AuditMSP", "XiamenMSP");
        // An unchanged member is named by its version only; the new one is whole, at version 0.
        assertThat(app.getGroupsOrThrow("ShantouMSP")).isEqualTo(ConfigGroup.newBuilder().setVersion(0).build());
        assertThat(app.getGroupsOrThrow("XiamenMSP")).isEqualTo(org("XiamenMSP"));
        // Orderer: a new group, the consenters one version up, the new quorum; the rest by version.
        ConfigGroup ord = write.getGroupsOrThrow("Orderer");
        assertThat(ord.getVersion()).isEqualTo(1);
        assertThat(ord.getValuesOrThrow(ChannelConfig.ORDERERS).getVersion()).isEqualTo(3);
        assertThat(ord.getValuesOrThrow(ChannelConfig.ORDERERS).getModPolicy()).isEqualTo("Admins");
        assertThat(ord.getPoliciesOrThrow(ChannelConfig.BLOCK_VALIDATION).getVersion()).isEqualTo(1);
        assertThat(ord.getPoliciesOrThrow(ChannelConfig.BLOCK_VALIDATION).getPolicy()).isEqualTo(next.blockValidationPolicy());
        assertThat(ord.getValuesOrThrow("BatchSize")).isEqualTo(ConfigValue.newBuilder().setVersion(0).build());
        assertThat(read.getGroupsOrThrow("Orderer").getValuesOrThrow("BatchSize").getVersion()).isZero();
        assertThat(ord.getGroupsOrThrow("XiamenMSP")).isEqualTo(org("XiamenMSP"));

        ConfigUpdateEnvelope envelope = ChannelConfig.readUpdateEnvelope(ChannelConfig.updateEnvelope(update).toByteArray());
        assertThat(envelope.getSignaturesList()).isEmpty();
        assertThat(envelope.getConfigUpdate()).isEqualTo(update.toByteString());
    }

    @Test
    void anOrgAlreadyInTheChannelOrAForeignQuorumPolicyIsRefused() {
        ChannelConfig current = ChannelConfig.of(config(FOUNDERS, 0));
        assertThatThrownBy(() -> current.withOrg(ChannelConfig.of(config(List.of("ShantouMSP"), 0)), "ShantouMSP"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ShantouMSP is already a member");
        assertThatThrownBy(() -> current.withOrg(ChannelConfig.of(config(List.of("XiamenMSP"), 0)), "FuzhouMSP"))
                .hasMessageContaining("the template has no FuzhouMSP");
        Config c = current.config();
        ConfigGroup orderer = c.getChannelGroup().getGroupsOrThrow(ChannelConfig.ORDERER);
        Config loose = c.toBuilder().setChannelGroup(c.getChannelGroup().toBuilder().putGroups(ChannelConfig.ORDERER,
                orderer.toBuilder().putPolicies(ChannelConfig.BLOCK_VALIDATION, ConfigPolicy.newBuilder()
                        .setPolicy(Policy.newBuilder().setType(3)).build()).build())).build();
        assertThatThrownBy(() -> ChannelConfig.of(loose).withOrg(ChannelConfig.of(config(List.of("XiamenMSP"), 0)), "XiamenMSP"))
                .hasMessageContaining("is not the BFT quorum of its 4 consenters");
        assertThatThrownBy(() -> ConfigUpdates.compute("evidence", c, c)).hasMessageContaining("do not differ");
    }

    @Test
    void theCommandsReadBlocksWriteTheUpdateAndRefuseBadInput() throws Exception {
        Path current = block("current.block", config(FOUNDERS, 3), 17);
        Path template = block("org.block", config(List.of("XiamenMSP"), 0), 0);
        Path out = dir.resolve("update.pb");

        CliRun shown = CliRun.run("fabric", "config", "--block", current.toString());
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.text()).startsWith("block 17\nsequence 3\n")
                .contains("application AuditMSP ChaozhouMSP ShantouMSP ZhangzhouMSP\n")
                .contains("consenter 4 AuditMSP 127.0.0.1:17033\n");

        // The template's consenter listens where Zhangzhou's does: refused, nothing written.
        CliRun clash = CliRun.run("fabric", "add-org", "--config-block", current.toString(), "--org-block",
                template.toString(), "--msp-id", "XiamenMSP", "--channel", "evidence", "--out", out.toString());
        clash.fails(ExitCodes.USAGE);
        assertThat(clash.err()).contains("already listens on 127.0.0.1:17003");
        assertThat(out).doesNotExist();

        CliRun member = CliRun.run("fabric", "add-org", "--config-block", current.toString(), "--org-block",
                current.toString(), "--msp-id", "ChaozhouMSP", "--channel", "evidence", "--out", out.toString());
        member.fails(ExitCodes.INVALID);
        assertThat(member.err()).contains("ChaozhouMSP is already a member of channel evidence (config sequence 3)");

        Path notABlock = Files.writeString(dir.resolve("config.json"), "{\"channel_group\": {}}");
        CliRun garbage = CliRun.run("fabric", "add-org", "--config-block", notABlock.toString(), "--org-block",
                template.toString(), "--msp-id", "XiamenMSP", "--channel", "evidence", "--out", out.toString());
        garbage.fails(ExitCodes.USAGE);
        assertThat(garbage.err()).contains(notABlock.toString());
        assertThat(out).doesNotExist();

        CliRun update = CliRun.run("fabric", "config", "--update", current.toString());
        update.fails(ExitCodes.USAGE);
        assertThat(update.err()).contains(current.toString()).containsAnyOf("not a config update", "not a Fabric envelope");
    }
}
