package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;

/**
 * Checks a bundle's {@link EvidenceBundle.LogAnchor}: the batch root is a leaf of the signed
 * checkpoint's tree ({@value #LOG_INCLUSION}), the producer's signature over the checkpoint holds
 * with a key trusted for its org ({@value #CHECKPOINT_SIGNATURE}), and the EVM proof shows the
 * anchor contract recorded exactly that checkpoint (the {@link EvmAnchorVerifier} checks; the last,
 * {@link EvmAnchorVerifier#EVM_ANCHOR_EVENT}, also fails when the proof is of another checkpoint).
 */
final class LogAnchorVerifier {
    /** Check: the batch root is a leaf of the checkpoint's alliance-log tree. */
    static final String LOG_INCLUSION = "LOG_INCLUSION";
    /** Check: the checkpoint's producer signature verifies with a key trusted for its org. */
    static final String CHECKPOINT_SIGNATURE = "CHECKPOINT_SIGNATURE";

    private LogAnchorVerifier() {
    }

    static List<Check> verify(EvidenceBundle.LogAnchor anchor, EvidenceBundle.Batch batch, TrustStore trust) {
        Checkpoint checkpoint = anchor.checkpoint().checkpoint();
        List<Check> checks = new ArrayList<>();
        checks.add(inclusion(anchor, batch, checkpoint));
        checks.add(anchor.checkpoint().signature().problem(checkpoint.canonicalBytes(), trust::trusts)
                .map(p -> Check.fail(CHECKPOINT_SIGNATURE, p))
                .orElseGet(() -> Check.pass(CHECKPOINT_SIGNATURE, "checkpoint " + checkpoint.allianceId() + "@"
                        + checkpoint.treeSize() + " is signed by " + checkpoint.org())));
        List<Check> evm = new ArrayList<>(EvmAnchorVerifier.verify(anchor.evm()));
        String other = otherCheckpoint(anchor.evm(), checkpoint);
        int last = evm.size() - 1;
        // The EVM checks compare the event with the proof's own copy of the checkpoint; that copy
        // must in turn be the signed checkpoint, or a real anchor of another checkpoint would pass.
        if (other != null && evm.get(last).outcome() == Verdict.Outcome.PASS) {
            evm.set(last, Check.fail(EvmAnchorVerifier.EVM_ANCHOR_EVENT, other));
        }
        checks.addAll(evm);
        return checks;
    }

    private static Check inclusion(EvidenceBundle.LogAnchor anchor, EvidenceBundle.Batch batch, Checkpoint checkpoint) {
        if (!batch.alg().equals(checkpoint.hashAlg())) {
            // One ledger, one hash: a log of another algorithm is not the log of this batch's ledger.
            return Check.fail(LOG_INCLUSION, "the batch is hashed with " + batch.alg() + ", the log with " + checkpoint.hashAlg());
        }
        try {
            HashAlgorithm alg = checkpoint.algorithm();
            List<byte[]> path = anchor.proof().stream().map(h -> Hex.decode(h, alg.length())).toList();
            MerkleVerifier.verifyInclusion(alg, Hex.decode(batch.root()), new InclusionProof(anchor.leafIndex(),
                    checkpoint.treeSize(), path), checkpoint.rootBytes());
            return Check.pass(LOG_INCLUSION, "the batch root is leaf " + anchor.leafIndex() + " of the alliance log of size "
                    + checkpoint.treeSize());
        } catch (ProofException | IllegalArgumentException e) {
            return Check.fail(LOG_INCLUSION, "the log proof does not lead from the batch root to the checkpoint's root: "
                    + e.getMessage());
        }
    }

    /** Why the EVM proof is not of this checkpoint, or {@code null} if it is. */
    private static String otherCheckpoint(EvmAnchorProof evm, Checkpoint checkpoint) {
        boolean sameRoot;
        try {
            sameRoot = evm.root().length() > 2 && Arrays.equals(Hex.decode(evm.root().substring(2)), checkpoint.rootBytes());
        } catch (IllegalArgumentException e) {
            sameRoot = false;
        }
        boolean same = sameRoot && evm.allianceId().equals(checkpoint.allianceId()) && evm.treeSize() == checkpoint.treeSize()
                && evm.alg().equals(checkpoint.hashAlg());
        return same ? null : "the EVM proof anchors " + evm.allianceId() + "@" + evm.treeSize() + " " + evm.alg() + ":"
                + evm.root() + ", not the bundle's checkpoint " + checkpoint.allianceId() + "@" + checkpoint.treeSize() + " "
                + checkpoint.hashAlg() + ":" + checkpoint.root();
    }
}
