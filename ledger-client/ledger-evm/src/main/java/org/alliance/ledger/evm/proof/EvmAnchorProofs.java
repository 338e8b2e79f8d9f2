package org.alliance.ledger.evm.proof;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.alliance.ledger.core.bundle.EvmAnchorProof;
import org.alliance.ledger.evm.Anchor;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * Collects an anchor's {@link EvmAnchorProof} from a node: the raw header and the block's raw
 * receipts from geth's {@code debug} namespace, the block's raw transactions from {@code eth}, and
 * the two tries rebuilt here, whose roots must be the header's.
 */
public final class EvmAnchorProofs {
    /** Header fields by position (the yellow paper's order). */
    private static final int TRANSACTIONS_ROOT = 4;
    private static final int RECEIPTS_ROOT = 5;

    private EvmAnchorProofs() {
    }

    /** A JSON-RPC answer that is a string. */
    public static final class Text extends Response<String> {
    }

    /** A JSON-RPC answer that is a list of strings. */
    public static final class Texts extends Response<List<String>> {
    }

    /**
     * The proof of an anchor.
     *
     * @param node the node, which must serve the {@code debug} namespace
     * @param anchor the anchor, with the transaction and block that recorded it
     * @param contract the anchor contract's address
     * @return the proof
     * @throws IOException when the node fails, or its block does not match what it says of it
     */
    public static EvmAnchorProof collect(Web3jService node, Anchor anchor, String contract) throws IOException {
        String number = Numeric.encodeQuantity(BigInteger.valueOf(anchor.blockNumber()));
        byte[] header = Numeric.hexStringToByteArray(call(node, "debug_getRawHeader", List.of(number), Text.class));
        List<String> receipts = call(node, "debug_getRawReceipts", List.of(anchor.blockHash()), Texts.class);
        List<byte[]> transactions = new ArrayList<>();
        for (int i = 0; i < receipts.size(); i++) {
            transactions.add(Numeric.hexStringToByteArray(call(node, "eth_getRawTransactionByBlockNumberAndIndex",
                    List.of(number, Numeric.encodeQuantity(BigInteger.valueOf(i))), Text.class)));
        }
        int index = -1;
        for (int i = 0; i < transactions.size(); i++) {
            if (Numeric.toHexString(Hash.sha3(transactions.get(i))).equalsIgnoreCase(anchor.transactionHash())) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IOException("block " + anchor.blockNumber() + " does not hold transaction " + anchor.transactionHash());
        }
        List<RlpType> fields = headerFields(header);
        PatriciaTrie.Built txTrie = PatriciaTrie.ofList(transactions, index);
        PatriciaTrie.Built receiptTrie = PatriciaTrie.ofList(receipts.stream().map(Numeric::hexStringToByteArray).toList(), index);
        if (!Arrays.equals(txTrie.root(), bytes(fields, TRANSACTIONS_ROOT))
                || !Arrays.equals(receiptTrie.root(), bytes(fields, RECEIPTS_ROOT))) {
            throw new IOException("the tries rebuilt from block " + anchor.blockNumber() + " do not have its header's roots");
        }
        return new EvmAnchorProof(contract, anchor.checkpoint().allianceId(), anchor.checkpoint().treeSize(),
                Numeric.toHexString(anchor.checkpoint().root()), anchor.checkpoint().algorithm().id(), anchor.blockNumber(),
                anchor.blockHash(), Numeric.toHexString(header), index, anchor.transactionHash(),
                Numeric.toHexString(transactions.get(index)), txTrie.proof().stream().map(Numeric::toHexString).toList(),
                receipts.get(index), receiptTrie.proof().stream().map(Numeric::toHexString).toList());
    }

    private static List<RlpType> headerFields(byte[] header) {
        return ((RlpList) RlpDecoder.decode(header).getValues().get(0)).getValues();
    }

    private static byte[] bytes(List<RlpType> fields, int i) {
        return ((RlpString) fields.get(i)).getBytes();
    }

    private static <T> T call(Web3jService node, String method, List<?> params, Class<? extends Response<T>> type)
            throws IOException {
        Response<T> r = new Request<>(method, params, node, type).send();
        if (r.hasError()) {
            throw new IOException(method + ": " + r.getError().getMessage());
        }
        return r.getResult();
    }
}
