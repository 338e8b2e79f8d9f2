package org.alliance.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/** What a bundle takes from the blocks the peer returns: where a transaction is, and who orders. */
final class BlockContents {
    private BlockContents() {
    }

    /** The index in the block of the transaction with this id. */
    static int indexOf(Block block, String txId) {
        List<ByteString> data = block.getData().getDataList();
        for (int i = 0; i < data.size(); i++) {
            if (txId.equals(channelHeader(data.get(i)).getTxId())) {
                return i;
            }
        }
        throw new IllegalStateException("block " + block.getHeader().getNumber() + " does not hold transaction " + txId);
    }

    /** The number of the channel's configuration block that was in force when this block was cut. */
    static long lastConfigIndex(Block block) {
        Metadata signatures = parse(() -> Metadata.parseFrom(
                block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE)));
        return parse(() -> OrdererBlockMetadata.parseFrom(signatures.getValue())).getLastConfig().getIndex();
    }

    /** The consenter mapping of a configuration block's channel configuration. */
    static List<EvidenceBundle.FabricAnchor.Consenter> consenters(Block configBlock) {
        Payload payload = parse(() -> Payload.parseFrom(Envelope.parseFrom(configBlock.getData().getData(0)).getPayload()));
        ConfigGroup orderer = parse(() -> ConfigEnvelope.parseFrom(payload.getData())).getConfig().getChannelGroup()
                .getGroupsOrThrow("Orderer");
        ConfigValue mapping = orderer.getValuesMap().get("Orderers");
        if (mapping == null) {
            throw new IllegalStateException("configuration block " + configBlock.getHeader().getNumber()
                    + " has no consenter mapping (not a BFT channel)");
        }
        return parse(() -> Orderers.parseFrom(mapping.getValue())).getConsenterMappingList().stream()
                .map(c -> new EvidenceBundle.FabricAnchor.Consenter(c.getId(), c.getMspId(),
                        c.getIdentity().toString(StandardCharsets.US_ASCII)))
                .toList();
    }

    /** The root CA certificates (PEM) of each application org in a configuration block's channel configuration. */
    static Map<String, List<String>> rootCertificates(Block configBlock) {
        Payload payload = parse(() -> Payload.parseFrom(Envelope.parseFrom(configBlock.getData().getData(0)).getPayload()));
        ConfigGroup application = parse(() -> ConfigEnvelope.parseFrom(payload.getData())).getConfig().getChannelGroup()
                .getGroupsOrThrow("Application");
        Map<String, List<String>> roots = new TreeMap<>();
        for (ConfigGroup org : application.getGroupsMap().values()) {
            ConfigValue msp = org.getValuesMap().get("MSP");
            if (msp == null) {
                continue;
            }
            FabricMSPConfig config = parse(() -> FabricMSPConfig.parseFrom(MSPConfig.parseFrom(msp.getValue()).getConfig()));
            roots.put(config.getName(), config.getRootCertsList().stream()
                    .map(c -> c.toString(StandardCharsets.US_ASCII)).toList());
        }
        return roots;
    }

    private static ChannelHeader channelHeader(ByteString envelope) {
        return parse(() -> ChannelHeader.parseFrom(
                Payload.parseFrom(Envelope.parseFrom(envelope).getPayload()).getHeader().getChannelHeader()));
    }

    private interface Parse<T> {
        T get() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parse<T> p) {
        try {
            return p.get();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the peer returned a malformed block: " + e.getMessage(), e);
        }
    }
}
