package org.alliance.ledger.cli;

import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.MerkleTree;
import picocli.CommandLine.Mixin;

/**
 * Base of the Merkle commands that build a tree from leaves given one per line in hex.
 *
 * <p>Line rules: each line is the hex of one leaf's data; an empty line is an empty leaf; a final
 * newline ends the last line rather than starting a new leaf; CRLF line ends are accepted. So
 * {@code ""} is the empty tree, {@code "\n"} is one empty leaf, and {@code "00\n"} is one leaf.
 */
abstract class MerkleLeavesCommand extends CliCommand {
    /** Help footer of every command that reads leaves. */
    static final String LEAVES_HELP = "%nLeaves: one per line, hex of the leaf data. An empty line is an empty leaf;"
            + "%na final newline does not add a leaf; empty input (0 bytes) is the empty tree."
            + "%nSo '' has no leaves, '\\n' one empty leaf, '00\\n' one leaf 00."
            + "%nExample: printf '00\\n1020\\n' | ledger-cli merkle root --alg sm3";

    @Mixin
    private HashAlgorithmOption algorithm;

    @Mixin
    private InputFileParameter input;

    @Mixin
    private ProgressOption progress;

    /**
     * Reads the leaves and builds the tree, with progress counted in hashes: one per leaf, then
     * one per inner node as the tree reports them.
     *
     * @return the tree over the input leaves
     * @throws CliFailure for unreadable input or a line that is not hex
     */
    protected MerkleTree tree() {
        HashAlgorithm alg = algorithm.get();
        String[] lines = leafLines(readText(input.file()));
        List<byte[]> leafHashes = new ArrayList<>(lines.length);
        try (Progress bar = progress.start(io(), commandName(), "hashes", 0, lines.length == 0 ? 0 : 2L * lines.length - 1)) {
            for (int i = 0; i < lines.length; i++) {
                leafHashes.add(MerkleTree.leafHash(alg, leaf(lines, i)));
                bar.update(i + 1L);
            }
            long leaves = lines.length;
            MerkleTree tree = MerkleTree.ofLeafHashes(alg, leafHashes, inner -> bar.update(leaves + inner));
            bar.update(Math.max(0, 2L * lines.length - 1));
            bar.finish();
            return tree;
        }
    }

    /**
     * Splits leaf lines as described in the class documentation.
     *
     * @param text the input text
     * @return the lines, each the hex of one leaf, a CR of a CRLF line end still on it
     */
    static String[] leafLines(String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return body.split("\n", -1);
    }

    /** The data of leaf {@code i}: line {@code i + 1} decoded, or a failure naming that line. */
    private static byte[] leaf(String[] lines, int i) {
        String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
        try {
            return Hex.decode(line);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input("line " + (i + 1) + ": " + e.getMessage(), e);
        }
    }
}
