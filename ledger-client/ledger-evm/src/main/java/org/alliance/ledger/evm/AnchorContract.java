package org.alliance.ledger.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.evm.contract.AnchorRegistry;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Numeric;

/**
 * The anchor contract on a chain: deploying it, registering submitters (the owner's part) and
 * reading back the anchored checkpoints from its events. Every call goes through the wrapper that
 * web3j's codegen generates from the contract's ABI.
 */
public final class AnchorContract {
    private final Web3j web3j;
    private final String address;

    /**
     * The contract at an address.
     *
     * @param web3j the node connection
     * @param address the contract's address, 0x-prefixed hex
     */
    public AnchorContract(Web3j web3j, String address) {
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.address = Objects.requireNonNull(address, "address");
    }

    /**
     * Deploys a new anchor contract, owned by {@code owner}, and waits for its receipt.
     *
     * @param web3j the node connection
     * @param owner the account that deploys and then owns it
     * @param gas the gas price and limit of the deployment and of the owner's later calls
     * @return the deployed contract
     * @throws Exception when the node refuses or the deployment fails
     */
    public static AnchorContract deploy(Web3j web3j, Credentials owner, ContractGasProvider gas) throws Exception {
        return new AnchorContract(web3j, AnchorRegistry.deploy(web3j, signer(web3j, owner), gas).send().getContractAddress());
    }

    /**
     * The contract's address.
     *
     * @return 0x-prefixed hex
     */
    public String address() {
        return address;
    }

    /**
     * Registers a submitter; only the owner may.
     *
     * @param owner the contract's owner
     * @param gas gas price and limit
     * @param submitter the account to allow to anchor
     * @return the receipt
     * @throws Exception when the contract refuses (not the owner) or the node fails
     */
    public TransactionReceipt registerSubmitter(Credentials owner, ContractGasProvider gas, String submitter) throws Exception {
        return AnchorRegistry.load(address, web3j, signer(web3j, owner), gas).registerSubmitter(submitter).send();
    }

    /**
     * Whether an account may anchor.
     *
     * @param account the account
     * @return true when the owner registered it
     * @throws Exception when the node fails
     */
    public boolean isSubmitter(String account) throws Exception {
        return reader().submitters(account).send();
    }

    /**
     * The largest tree size anchored for an alliance, at the chain's latest block.
     *
     * @param allianceId the alliance
     * @return the tree size, 0 when nothing is anchored
     * @throws Exception when the node fails
     */
    public long latestTreeSize(String allianceId) throws Exception {
        return reader().latestTreeSize(allianceId).send().longValueExact();
    }

    /**
     * The call data of an anchor transaction, encoded by the generated wrapper.
     *
     * @param checkpoint the checkpoint to anchor
     * @return 0x-prefixed hex call data
     */
    String anchorCallData(AnchorCheckpoint checkpoint) {
        return reader().anchor(checkpoint.allianceId(), BigInteger.valueOf(checkpoint.treeSize()), checkpoint.root(),
                BigInteger.valueOf(checkpoint.algorithmCode())).encodeFunctionCall();
    }

    /**
     * Every checkpoint anchored for an alliance, in order, read from the contract's events up to the
     * latest block.
     *
     * @param allianceId the alliance
     * @return the anchors, index 0 first
     * @throws IOException when the node fails
     */
    public List<Anchor> anchors(String allianceId) throws IOException {
        return anchors(allianceId, DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST);
    }

    /**
     * The checkpoints anchored for an alliance in a range of blocks, in order, read from the
     * contract's events.
     *
     * @param allianceId the alliance
     * @param fromBlock the first block of the range
     * @param toBlock the last block of the range
     * @return the anchors, in chain order
     * @throws IOException when the node fails
     */
    public List<Anchor> anchors(String allianceId, long fromBlock, long toBlock) throws IOException {
        return anchors(allianceId, DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)));
    }

    private List<Anchor> anchors(String allianceId, DefaultBlockParameter from, DefaultBlockParameter to) throws IOException {
        EthFilter filter = new EthFilter(from, to, address)
                .addSingleTopic(EventEncoder.encode(AnchorRegistry.ANCHORED_EVENT))
                .addSingleTopic(Numeric.toHexString(Hash.sha3(allianceId.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        EthLog response = web3j.ethGetLogs(filter).send();
        if (response.hasError()) {
            throw new IOException("eth_getLogs: " + response.getError().getMessage());
        }
        List<Anchor> anchors = new ArrayList<>();
        for (EthLog.LogResult<?> result : response.getLogs()) {
            anchors.add(anchor((Log) result.get()));
        }
        return anchors;
    }

    /**
     * The anchor a transaction recorded, from its receipt's event.
     *
     * @param receipt the receipt of an anchor transaction
     * @return the anchor, or null when the receipt has no event of this contract
     */
    static Anchor anchor(TransactionReceipt receipt, String contractAddress) {
        for (Log log : receipt.getLogs()) {
            if (log.getAddress().equalsIgnoreCase(contractAddress)
                    && !log.getTopics().isEmpty()
                    && log.getTopics().get(0).equals(EventEncoder.encode(AnchorRegistry.ANCHORED_EVENT))) {
                Anchor a = anchor(log);
                return new Anchor(a.checkpoint(), a.index(), a.transactionHash(), a.blockNumber(), a.blockHash(),
                        a.submitter(), receipt.getGasUsed().longValueExact());
            }
        }
        return null;
    }

    private static Anchor anchor(Log log) {
        AnchorRegistry.AnchoredEventResponse e = AnchorRegistry.getAnchoredEventFromLog(log);
        AnchorCheckpoint checkpoint = new AnchorCheckpoint(e.allianceId, e.treeSize.longValueExact(), e.root,
                AnchorCheckpoint.algorithm(e.alg.intValueExact()));
        return new Anchor(checkpoint, e.index.longValueExact(), log.getTransactionHash(),
                log.getBlockNumber().longValueExact(), log.getBlockHash(), e.submitter, -1);
    }

    /**
     * A transaction manager that signs for an account with the chain's id, as nodes accept only
     * replay-protected (EIP-155) transactions, and asks for the receipt every 250 ms (web3j's
     * default, 15 s, is for chains with slow blocks) for up to two minutes.
     *
     * @param web3j the node connection
     * @param account the signing account
     * @return the manager
     * @throws IOException when the node does not tell its chain id
     */
    public static org.web3j.tx.TransactionManager signer(Web3j web3j, Credentials account) throws IOException {
        return new org.web3j.tx.RawTransactionManager(web3j, account, web3j.ethChainId().send().getChainId().longValueExact(),
                new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 250, 480));
    }

    /** The wrapper for reads and call data: calls need no credentials, so a read-only manager serves. */
    private AnchorRegistry reader() {
        return AnchorRegistry.load(address, web3j, new org.web3j.tx.ReadonlyTransactionManager(web3j, "0x0000000000000000000000000000000000000000"),
                new org.web3j.tx.gas.DefaultGasProvider());
    }
}
