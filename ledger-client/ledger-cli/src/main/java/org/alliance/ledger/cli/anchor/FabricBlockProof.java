package org.alliance.ledger.cli.anchor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Date;
import java.util.List;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;

/**
 * A Fabric anchor taken apart: the block, the transaction at the anchor's index, its endorsed
 * action and the chaincode's read-write set in it. Building it checks only that the parts are
 * there and that the transaction is the one the anchor names; what they prove is checked by
 * {@link FabricAnchorVerifier}.
 *
 * @param block the block
 * @param txIndex the transaction's index in the block
 * @param channel the channel, from the transaction's header
 * @param txId the transaction id, from the transaction's header
 * @param txTime the transaction's time, from its header
 * @param chaincode the chaincode whose write set is taken
 * @param endorsed the endorsed action: the proposal response payload and its endorsements
 * @param writeSet the chaincode's read-write set
 */
record FabricBlockProof(Block block, int txIndex, String channel, String txId, Date txTime, String chaincode,
        ChaincodeEndorsedAction endorsed, KVRWSet writeSet) {

    /**
     * Takes an anchor apart, taking the read-write set of the given chaincode.
     *
     * @throws IllegalArgumentException saying which part is missing or unreadable
     */
    static FabricBlockProof of(EvidenceBundle.FabricAnchor anchor, EvidenceBundle.Batch batch, String chaincode) {
        var content = anchor.content();
        long txIndexValue = content.path("txIndex").asLong(-1);
        try {
            Block block = Block.parseFrom(anchor.block());
            List<ByteString> data = block.getData().getDataList();
            if (txIndexValue < 0 || txIndexValue >= data.size()) {
                throw new IllegalArgumentException("txIndex " + content.path("txIndex") + " is not in block "
                        + block.getHeader().getNumber() + " of " + data.size() + " transactions");
            }
            int txIndex = (int) txIndexValue;
            Payload payload = Payload.parseFrom(Envelope.parseFrom(data.get(txIndex)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                throw new IllegalArgumentException("transaction " + txIndex + " of the block is not an endorser transaction");
            }
            if (!header.getTxId().equals(batch.batchId())) {
                throw new IllegalArgumentException("transaction " + txIndex + " of the block is " + header.getTxId()
                        + ", not the batch's transaction " + batch.batchId());
            }
            Transaction tx = Transaction.parseFrom(payload.getData());
            if (tx.getActionsCount() != 1) {
                throw new IllegalArgumentException("the transaction has " + tx.getActionsCount() + " actions, not one");
            }
            ChaincodeEndorsedAction endorsed = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload()).getAction();
            ChaincodeAction action = ChaincodeAction.parseFrom(
                    ProposalResponsePayload.parseFrom(endorsed.getProposalResponsePayload()).getExtension());
            KVRWSet writeSet = null;
            for (NsReadWriteSet ns : TxReadWriteSet.parseFrom(action.getResults()).getNsRwsetList()) {
                if (ns.getNamespace().equals(chaincode)) {
                    writeSet = KVRWSet.parseFrom(ns.getRwset());
                }
            }
            if (writeSet == null) {
                throw new IllegalArgumentException("the transaction writes nothing in chaincode '" + chaincode + "'");
            }
            Date time = new Date(header.getTimestamp().getSeconds() * 1000 + header.getTimestamp().getNanos() / 1_000_000);
            return new FabricBlockProof(block, txIndex, header.getChannelId(), header.getTxId(), time, chaincode, endorsed,
                    writeSet);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a part of the block is not a Fabric message: " + e.getMessage(), e);
        }
    }
}
