package org.alliance.ledger.cli;

import org.alliance.ledger.core.merkle.MerkleTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code merkle consistency}: the consistency proof between two sizes of the tree. */
@Command(name = "consistency", footer = MerkleLeavesCommand.LEAVES_HELP, description = {"Print the consistency proof between the first FROM and the first TO",
    "leaves as JSON: {\"fromSize\":M,\"toSize\":N,\"hashes\":[\"hex\",...]}"})
final class MerkleConsistencyCommand extends MerkleLeavesCommand {
    @Option(names = "--from", required = true, paramLabel = "FROM", description = "The old tree size.")
    private int from;

    @Option(names = "--to", paramLabel = "TO", description = "The new tree size (default: all leaves).")
    private Integer to;

    @Override
    protected int run() {
        MerkleTree tree = tree();
        println(tree.consistencyProof(from, to == null ? tree.size() : to).toJson());
        return ExitCodes.OK;
    }
}
