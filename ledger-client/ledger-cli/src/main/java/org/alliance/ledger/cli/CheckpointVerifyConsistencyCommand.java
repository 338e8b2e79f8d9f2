package org.alliance.ledger.cli;

import java.nio.file.Path;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.log.CheckpointVerifier;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code checkpoint verify-consistency}: checks offline that one signed checkpoint extends
 * another, with their signatures and co-signatures, against a trust directory.
 */
@Command(name = "verify-consistency", description = {
    "Verify offline that checkpoint TO extends checkpoint FROM: the producers' signatures and every witness "
        + "co-signature verify with keys of the trust directory, each checkpoint has at least --cosignatures "
        + "co-signatures, and the consistency proof links FROM's tree to TO's.",
    "A failed CONSISTENCY check names the reason: TRUNCATED (TO is smaller), FORKED (same size, other root), "
        + "INCONSISTENT (the proof does not link the roots), PROOF_MISMATCH (a proof between other sizes), WRONG_LOG.",
    "Prints the verdict with every check. Exit status: 0 valid, 1 invalid, 2 bad input."})
final class CheckpointVerifyConsistencyCommand extends CliCommand {
    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The earlier signed checkpoint (JSON).")
    private Path from;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The later signed checkpoint (JSON).")
    private Path to;

    @Option(names = "--proof", paramLabel = "FILE",
            description = "Consistency proof JSON {\"fromSize\",\"toSize\",\"hashes\"}, as printed by 'merkle consistency'; "
                    + "not needed when both checkpoints have the same size.")
    private Path proofFile;

    @Option(names = "--trust", required = true, paramLabel = "DIR",
            description = "Trust directory: MSPID.pem or MSPID.NAME.pem files, each a member's public key or X.509 certificate.")
    private Path trustDir;

    @Option(names = "--cosignatures", paramLabel = "N", defaultValue = "0",
            description = "The least number of witness co-signatures each checkpoint must carry (default: ${DEFAULT-VALUE}).")
    private int cosignatures;

    @Override
    protected int run() {
        if (cosignatures < 0) {
            throw CliFailure.input("--cosignatures must not be negative", null);
        }
        CheckpointVerifier verifier = new CheckpointVerifier(VerifyBundleCommand.readTrustDirectory(trustDir), cosignatures);
        SignedCheckpoint older = read("--from", from);
        SignedCheckpoint newer = read("--to", to);
        ConsistencyProof proof = null;
        if (proofFile != null) {
            String json = readText(proofFile);
            proof = MerkleVerifyCommand.parse("--proof", () -> ConsistencyProof.fromJson(json, newer.checkpoint().algorithm()));
        } else if (older.checkpoint().treeSize() != newer.checkpoint().treeSize()) {
            throw CliFailure.input("--proof is required: the checkpoints have sizes " + older.checkpoint().treeSize()
                    + " and " + newer.checkpoint().treeSize(), null);
        }
        Verdict verdict = verifier.verify(older, newer, proof);
        StringBuilder sb = new StringBuilder(to + " extends " + from + ": " + verdict.status());
        VerifyBundleCommand.appendChecks(sb, verdict.checks(), "  ");
        println(sb.toString());
        return verdict.valid() ? ExitCodes.OK : ExitCodes.INVALID;
    }

    private SignedCheckpoint read(String option, Path file) {
        byte[] bytes = readInput(file);
        try {
            return SignedCheckpoint.fromJson(bytes);
        } catch (IllegalArgumentException | RuleException e) {
            throw CliFailure.input(option + ": " + file + " is not a signed checkpoint: " + e.getMessage(), e);
        }
    }
}
