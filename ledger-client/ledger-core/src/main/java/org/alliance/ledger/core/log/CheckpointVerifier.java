package org.alliance.ledger.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.alliance.ledger.core.checkpoint.Extension;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.merkle.ConsistencyProof;

/**
 * Offline verification that one signed checkpoint extends another, against the members' keys.
 *
 * <p>Checks, in order: {@code FROM_SIGNATURE} and {@code TO_SIGNATURE} (the producer's signature
 * verifies with a key trusted for its org), {@code FROM_COSIGNATURES} and {@code TO_COSIGNATURES}
 * (every co-signature verifies with a key trusted for its org, and at least the required number of
 * members other than the producer co-signed), then {@code CONSISTENCY}: the same decision a
 * {@link Witness} makes, whose failure names the {@link Extension.Kind}.
 */
public final class CheckpointVerifier {
    private final TrustStore members;
    private final int requiredCosignatures;

    /**
     * Creates a verifier.
     *
     * @param members the members' checkpoint-signing keys, per org
     * @param requiredCosignatures the least number of valid co-signatures each checkpoint must
     *     carry (0 to check only the ones present)
     */
    public CheckpointVerifier(TrustStore members, int requiredCosignatures) {
        this.members = Objects.requireNonNull(members, "members");
        if (requiredCosignatures < 0) {
            throw new IllegalArgumentException("the required number of co-signatures must not be negative");
        }
        this.requiredCosignatures = requiredCosignatures;
    }

    /**
     * Verifies that {@code to} extends {@code from} and that both are signed as required.
     *
     * @param from the earlier checkpoint
     * @param to the later checkpoint
     * @param proof the consistency proof from {@code from}'s size to {@code to}'s; may be {@code null}
     *     when both are of the same size
     * @return the verdict with every check
     */
    public Verdict verify(SignedCheckpoint from, SignedCheckpoint to, ConsistencyProof proof) {
        List<Check> checks = new ArrayList<>();
        checks.add(signature("FROM_SIGNATURE", from));
        checks.add(cosignatures("FROM_COSIGNATURES", from));
        checks.add(signature("TO_SIGNATURE", to));
        checks.add(cosignatures("TO_COSIGNATURES", to));
        Optional<Extension.Failure> failure = Extension.check(from.checkpoint(), to.checkpoint(), proof);
        checks.add(failure.map(f -> Check.fail("CONSISTENCY", f.kind() + ": " + f.message()))
                .orElseGet(() -> Check.pass("CONSISTENCY", "the tree of size " + to.checkpoint().treeSize()
                        + " extends the tree of size " + from.checkpoint().treeSize())));
        return Verdict.of(checks);
    }

    private Check signature(String name, SignedCheckpoint signed) {
        return signed.signature().problem(signed.checkpoint().canonicalBytes(), members::trusts)
                .map(p -> Check.fail(name, p))
                .orElseGet(() -> Check.pass(name, "signed by " + signed.checkpoint().org()));
    }

    private Check cosignatures(String name, SignedCheckpoint signed) {
        List<String> valid = new ArrayList<>();
        for (CheckpointSignature c : signed.cosignatures()) {
            Optional<String> problem = c.problem(signed.checkpoint().canonicalBytes(), members::trusts);
            if (problem.isPresent()) {
                return Check.fail(name, problem.get());
            }
            valid.add(c.org());
        }
        return Check.of(name, valid.size() >= requiredCosignatures,
                "co-signed by " + (valid.isEmpty() ? "no witness" : String.join(", ", valid)),
                valid.size() + " co-signature(s) (" + String.join(", ", valid) + "), " + requiredCosignatures
                        + " required");
    }
}
