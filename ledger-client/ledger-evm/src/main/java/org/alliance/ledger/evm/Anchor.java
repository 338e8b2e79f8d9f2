package org.alliance.ledger.evm;

/**
 * A checkpoint recorded by the anchor contract: its place in the alliance's list and the
 * transaction and block that recorded it.
 *
 * @param checkpoint the checkpoint
 * @param index its position in the alliance's list of anchored checkpoints, from 0
 * @param transactionHash the anchoring transaction, 0x-prefixed hex
 * @param blockNumber the block that holds the transaction
 * @param blockHash that block's hash, 0x-prefixed hex
 * @param submitter the account that anchored it, 0x-prefixed hex
 * @param gasUsed the gas the transaction used, or -1 where it was not read
 */
public record Anchor(AnchorCheckpoint checkpoint, long index, String transactionHash, long blockNumber,
        String blockHash, String submitter, long gasUsed) {
}
