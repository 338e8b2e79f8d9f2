package org.alliance.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code merkle prove}: the inclusion proof of one leaf. */
@Command(name = "prove", footer = MerkleLeavesCommand.LEAVES_HELP, description = {"Print the inclusion proof of leaf INDEX as JSON:",
    "{\"leafIndex\":I,\"treeSize\":N,\"hashes\":[\"hex\",...]}"})
final class MerkleProveCommand extends MerkleLeavesCommand {
    @Option(names = "--index", required = true, paramLabel = "INDEX", description = "Zero-based index of the leaf.")
    private int index;

    @Override
    protected int run() {
        println(tree().inclusionProof(index).toJson());
        return ExitCodes.OK;
    }
}
