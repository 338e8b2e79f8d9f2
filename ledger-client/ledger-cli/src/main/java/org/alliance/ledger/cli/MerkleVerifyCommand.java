package org.alliance.ledger.cli;

import java.nio.file.Path;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code merkle verify}: checks an inclusion or a consistency proof. */
@Command(name = "verify", description = {
    "Verify an inclusion proof (with --leaf or --leaf-hash) or a consistency proof (with --old-root).",
    "Prints 'proof valid' and exits 0, or reports why on standard error and exits 1."})
final class MerkleVerifyCommand extends CliCommand {
    @Mixin
    private HashAlgorithmOption algorithm;

    @Option(names = "--proof", required = true, paramLabel = "FILE",
            description = "Proof JSON as printed by 'merkle prove' or 'merkle consistency'; '-' for standard input.")
    private Path proofFile;

    @Option(names = "--root", required = true, paramLabel = "HEX",
            description = "Expected root (of the new tree, for consistency).")
    private String root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Subject subject;

    /** What the proof is about: exactly one of a leaf, a leaf hash, or an old root. */
    static final class Subject {
        @Option(names = "--leaf", paramLabel = "HEX", description = "Leaf data in hex (may be empty: --leaf=).")
        String leaf;

        @Option(names = "--leaf-hash", paramLabel = "HEX", description = "RFC 6962 leaf hash in hex.")
        String leafHash;

        @Option(names = "--old-root", paramLabel = "HEX", description = "Root of the old tree, for a consistency proof.")
        String oldRoot;
    }

    @Override
    protected int run() {
        HashAlgorithm alg = algorithm.get();
        byte[] expectedRoot = hexOption("--root", root, alg.length());
        String json = readText(proofFile);
        try {
            if (subject.oldRoot != null) {
                byte[] oldRoot = hexOption("--old-root", subject.oldRoot, alg.length());
                ConsistencyProof proof = parse("--proof", () -> ConsistencyProof.fromJson(json, alg));
                MerkleVerifier.verifyConsistency(alg, proof, oldRoot, expectedRoot);
            } else {
                InclusionProof proof = parse("--proof", () -> InclusionProof.fromJson(json, alg));
                if (subject.leafHash != null) {
                    MerkleVerifier.verifyInclusionOfHash(alg, hexOption("--leaf-hash", subject.leafHash, alg.length()),
                            proof, expectedRoot);
                } else {
                    MerkleVerifier.verifyInclusion(alg, hexOption("--leaf", subject.leaf, -1), proof, expectedRoot);
                }
            }
        } catch (ProofException e) {
            throw CliFailure.invalid("proof invalid: " + e.getMessage());
        }
        println("proof valid");
        return ExitCodes.OK;
    }

    /**
     * Parses a proof; parsing problems, including a hash of the wrong length, are input errors
     * (exit 2), not invalid proofs.
     */
    static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ProofException | IllegalArgumentException e) {
            throw CliFailure.input(option + ": " + e.getMessage(), e);
        }
    }
}
