package org.alliance.ledger.evm.proof;

import java.io.IOException;
import java.math.BigInteger;
import org.alliance.ledger.core.bundle.EvmAnchorProof;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * The check of an {@link EvmAnchorProof} that needs a node: its block is on the node's chain with
 * enough confirmations. The offline checks are ledger-core's
 * {@link org.alliance.ledger.core.bundle.EvmAnchorVerifier}, which verifies a bundle without this
 * module.
 */
public final class EvmCanonicalCheck {
    /** Check (with a node): the block is the node's block at that height, with enough confirmations. */
    public static final String EVM_CANONICAL = "EVM_CANONICAL";

    private EvmCanonicalCheck() {
    }

    /**
     * The online check: the block is the node's block at its height, with at least
     * {@code confirmations} blocks counted from it to the head.
     *
     * @param proof the proof
     * @param node the node
     * @param confirmations the least number of confirmations, the block itself counted
     * @return the check
     */
    public static Check canonical(EvmAnchorProof proof, Web3j node, int confirmations) {
        try {
            EthBlock.Block block = node.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(proof.blockNumber())),
                    false).send().getBlock();
            long head = node.ethBlockNumber().send().getBlockNumber().longValueExact();
            if (block == null || !block.getHash().equalsIgnoreCase(proof.blockHash())) {
                return Check.fail(EVM_CANONICAL, "the node's block " + proof.blockNumber() + " is "
                        + (block == null ? "missing" : block.getHash()) + ", not " + proof.blockHash());
            }
            long have = head - proof.blockNumber() + 1;
            return Check.of(EVM_CANONICAL, have >= confirmations,
                    "block " + proof.blockNumber() + " is on the node's chain with " + have + " confirmations",
                    "block " + proof.blockNumber() + " has " + have + " confirmations, fewer than " + confirmations);
        } catch (IOException | RuntimeException e) {
            return Check.fail(EVM_CANONICAL, "the node cannot be asked: " + e.getMessage());
        }
    }
}
