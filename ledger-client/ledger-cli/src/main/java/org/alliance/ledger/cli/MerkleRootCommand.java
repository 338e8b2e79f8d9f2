package org.alliance.ledger.cli;

import org.alliance.ledger.core.codec.Hex;
import picocli.CommandLine.Command;

/** {@code merkle root}: the root of the tree over the input leaves. */
@Command(name = "root", footer = MerkleLeavesCommand.LEAVES_HELP, description = "Print the RFC 6962 root of the leaves in FILE (or standard input).")
final class MerkleRootCommand extends MerkleLeavesCommand {
    @Override
    protected int run() {
        println(Hex.encode(tree().root()));
        return ExitCodes.OK;
    }
}
