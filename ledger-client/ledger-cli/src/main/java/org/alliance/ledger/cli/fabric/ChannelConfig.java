package org.alliance.ledger.cli.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.Block;
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
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Policy;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A channel's configuration as a config block carries it, and the one change this network makes
 * to it: a new member org, in the application (its peers endorse) and in the orderer group (its
 * orderer becomes a SmartBFT consenter).
 *
 * <p>Under SmartBFT the consenters are the orderer group's {@value #ORDERERS} value, and the
 * orderer group's {@value #BLOCK_VALIDATION} policy must be exactly the BFT quorum of their
 * signing identities: the orderers refuse an update whose policy differs from the one they
 * compute. {@link #blockValidation} computes it the same way, and {@link #withOrg} checks that it
 * reproduces the current policy before it relies on it.
 */
public final class ChannelConfig {
    /** The application group: the orgs whose peers endorse and commit. */
    public static final String APPLICATION = "Application";
    /** The orderer group: the orgs that run orderers. */
    public static final String ORDERER = "Orderer";
    /** The orderer group's value that lists the SmartBFT consenters. */
    public static final String ORDERERS = "Orderers";
    /** The orderer group's policy that a block's signatures must satisfy. */
    public static final String BLOCK_VALIDATION = "BlockValidation";

    private final Config config;
    private final long blockNumber;

    private ChannelConfig(Config config, long blockNumber) {
        this.config = config;
        this.blockNumber = blockNumber;
    }

    /**
     * Wraps a configuration.
     *
     * @param config the configuration
     * @return it
     */
    public static ChannelConfig of(Config config) {
        return new ChannelConfig(Objects.requireNonNull(config, "config"), -1);
    }

    /**
     * Reads the configuration a config block carries (a genesis block, or the block that
     * {@code peer channel fetch config} writes).
     *
     * @param block the block's bytes
     * @return the configuration
     * @throws IllegalArgumentException if the bytes are not a config block
     */
    public static ChannelConfig fromBlock(byte[] block) {
        try {
            Block b = Block.parseFrom(block);
            if (b.getData().getDataCount() != 1) {
                throw new IllegalArgumentException("not a config block: it holds " + b.getData().getDataCount()
                        + " transactions, a config block holds one");
            }
            Payload payload = Payload.parseFrom(Envelope.parseFrom(b.getData().getData(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new IllegalArgumentException("not a config block: its transaction is of type "
                        + HeaderType.forNumber(header.getType()));
            }
            return new ChannelConfig(ConfigEnvelope.parseFrom(payload.getData()).getConfig(), b.getHeader().getNumber());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Fabric block: " + e.getMessage(), e);
        }
    }

    /**
     * The configuration.
     *
     * @return it
     */
    public Config config() {
        return config;
    }

    /**
     * The number of the block this configuration was read from.
     *
     * @return the block number, or -1 if it was not read from a block
     */
    public long blockNumber() {
        return blockNumber;
    }

    /**
     * The channel's last config sequence.
     *
     * @return the sequence
     */
    public long sequence() {
        return config.getSequence();
    }

    /**
     * The MSP ids of the orgs in a top-level group, sorted.
     *
     * @param group {@link #APPLICATION} or {@link #ORDERER}
     * @return the MSP ids
     */
    public List<String> orgs(String group) {
        return List.copyOf(new TreeSet<>(group(group).getGroupsMap().keySet()));
    }

    /**
     * The SmartBFT consenters, in the order of the mapping.
     *
     * @return the consenters
     */
    public List<Consenter> consenters() {
        ConfigValue value = group(ORDERER).getValuesMap().get(ORDERERS);
        if (value == null) {
            throw new IllegalArgumentException("the orderer group has no " + ORDERERS + " value: not a SmartBFT channel");
        }
        try {
            return Orderers.parseFrom(value.getValue()).getConsenterMappingList();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the " + ORDERERS + " value cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The orderer group's current block validation policy.
     *
     * @return the policy
     */
    public Policy blockValidationPolicy() {
        ConfigPolicy p = group(ORDERER).getPoliciesMap().get(BLOCK_VALIDATION);
        if (p == null) {
            throw new IllegalArgumentException("the orderer group has no " + BLOCK_VALIDATION + " policy");
        }
        return p.getPolicy();
    }

    private ConfigGroup group(String name) {
        ConfigGroup g = config.getChannelGroup().getGroupsMap().get(name);
        if (g == null) {
            throw new IllegalArgumentException("the configuration has no " + name + " group");
        }
        return g;
    }

    /**
     * The number of signatures SmartBFT needs on a block among {@code n} consenters: a quorum
     * that any two of intersect in at least one honest node, with {@code f = (n - 1) / 3} faulty.
     *
     * @param n the consenters
     * @return the quorum
     */
    public static int bftQuorum(int n) {
        int f = (n - 1) / 3;
        return (n + f + 2) / 2;
    }

    /**
     * The block validation policy of these consenters: {@link #bftQuorum} of their signing
     * identities, each named by MSP id and certificate, in the order of the mapping.
     *
     * @param consenters the consenter mapping
     * @return the policy
     */
    public static Policy blockValidation(List<Consenter> consenters) {
        SignaturePolicyEnvelope.Builder envelope = SignaturePolicyEnvelope.newBuilder();
        SignaturePolicy.NOutOf.Builder rule = SignaturePolicy.NOutOf.newBuilder().setN(bftQuorum(consenters.size()));
        for (int i = 0; i < consenters.size(); i++) {
            Consenter c = consenters.get(i);
            rule.addRules(SignaturePolicy.newBuilder().setSignedBy(i));
            envelope.addIdentities(MSPPrincipal.newBuilder()
                    .setPrincipalClassification(MSPPrincipal.Classification.IDENTITY)
                    .setPrincipal(SerializedIdentity.newBuilder().setMspid(c.getMspId()).setIdBytes(c.getIdentity())
                            .build().toByteString()));
        }
        envelope.setRule(SignaturePolicy.newBuilder().setNOutOf(rule));
        return Policy.newBuilder().setType(Policy.PolicyType.SIGNATURE_VALUE).setValue(envelope.build().toByteString())
                .build();
    }

    /**
     * This configuration with one more member org. The org's application and orderer groups and its
     * consenter come from {@code template}: a configuration that {@code configtxgen} wrote for the
     * org alone, so its MSP, policies, anchor peer and orderer endpoint are exactly what the
     * founding orgs got. The consenter is appended with the next free id, and the block validation
     * policy becomes the quorum of the new consenter set.
     *
     * @param template a configuration in which {@code mspId} is an application org, an orderer org
     *     and a consenter
     * @param mspId the org to add
     * @return the new configuration
     * @throws IllegalArgumentException if the org is already a member, the template lacks it, or the
     *     current block validation policy is not the quorum of the current consenters
     */
    public ChannelConfig withOrg(ChannelConfig template, String mspId) {
        for (String g : List.of(APPLICATION, ORDERER)) {
            if (group(g).getGroupsMap().containsKey(mspId)) {
                throw new IllegalArgumentException(mspId + " is already a member of this channel's " + g + " group");
            }
            if (!template.group(g).getGroupsMap().containsKey(mspId)) {
                throw new IllegalArgumentException("the template has no " + mspId + " in its " + g + " group");
            }
        }
        List<Consenter> current = consenters();
        if (!blockValidation(current).equals(blockValidationPolicy())) {
            throw new IllegalArgumentException("the channel's " + BLOCK_VALIDATION + " policy is not the BFT quorum of its "
                    + current.size() + " consenters; refusing to rewrite it");
        }
        Consenter joining = template.consenters().stream().filter(c -> c.getMspId().equals(mspId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the template has no consenter of " + mspId));
        for (Consenter c : current) {
            if (c.getHost().equals(joining.getHost()) && c.getPort() == joining.getPort()) {
                throw new IllegalArgumentException("consenter " + c.getId() + " of " + c.getMspId() + " already listens on "
                        + c.getHost() + ":" + c.getPort());
            }
        }
        int nextId = current.stream().mapToInt(Consenter::getId).max().orElse(0) + 1;
        List<Consenter> consenters = new ArrayList<>(current);
        consenters.add(joining.toBuilder().setId(nextId).build());

        ConfigGroup orderer = group(ORDERER);
        ConfigValue orderers = orderer.getValuesMap().get(ORDERERS).toBuilder()
                .setValue(Orderers.newBuilder().addAllConsenterMapping(consenters).build().toByteString()).build();
        ConfigPolicy validation = orderer.getPoliciesMap().get(BLOCK_VALIDATION).toBuilder()
                .setPolicy(blockValidation(consenters)).build();
        ConfigGroup newOrderer = orderer.toBuilder()
                .putGroups(mspId, template.group(ORDERER).getGroupsMap().get(mspId))
                .putValues(ORDERERS, orderers)
                .putPolicies(BLOCK_VALIDATION, validation)
                .build();
        ConfigGroup newApplication = group(APPLICATION).toBuilder()
                .putGroups(mspId, template.group(APPLICATION).getGroupsMap().get(mspId)).build();
        ConfigGroup channel = config.getChannelGroup().toBuilder()
                .putGroups(ORDERER, newOrderer).putGroups(APPLICATION, newApplication).build();
        return new ChannelConfig(config.toBuilder().setChannelGroup(channel).build(), -1);
    }

    /**
     * The unsigned envelope of a config update, in the form {@code peer channel signconfigtx}
     * signs and {@code peer channel update} submits.
     *
     * @param update the update
     * @return the envelope
     */
    public static Envelope updateEnvelope(ConfigUpdate update) {
        ChannelHeader header = ChannelHeader.newBuilder().setType(HeaderType.CONFIG_UPDATE_VALUE)
                .setChannelId(update.getChannelId()).build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(header.toByteString()))
                .setData(ConfigUpdateEnvelope.newBuilder().setConfigUpdate(update.toByteString()).build().toByteString())
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    /**
     * Reads the config update and its signatures from an envelope.
     *
     * @param envelope the bytes of a config update envelope
     * @return the update envelope
     * @throws IllegalArgumentException if it is not one
     */
    public static ConfigUpdateEnvelope readUpdateEnvelope(byte[] envelope) {
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(envelope).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_UPDATE_VALUE) {
                throw new IllegalArgumentException("not a config update: the envelope is of type "
                        + HeaderType.forNumber(header.getType()));
            }
            return ConfigUpdateEnvelope.parseFrom(payload.getData());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Fabric envelope: " + e.getMessage(), e);
        }
    }

    /**
     * The MSP ids of the identities that signed a config update.
     *
     * @param update the update envelope
     * @return the signers' MSP ids, in signing order
     */
    public static List<String> signers(ConfigUpdateEnvelope update) {
        List<String> out = new ArrayList<>();
        update.getSignaturesList().forEach(s -> {
            try {
                var header = org.hyperledger.fabric.protos.common.SignatureHeader.parseFrom(s.getSignatureHeader());
                out.add(SerializedIdentity.parseFrom(header.getCreator()).getMspid());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("a signature of the update cannot be read: " + e.getMessage(), e);
            }
        });
        return out;
    }
}
