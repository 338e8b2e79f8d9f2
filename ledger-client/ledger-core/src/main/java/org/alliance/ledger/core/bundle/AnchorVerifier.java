package org.alliance.ledger.core.bundle;

import java.util.List;

/**
 * Checks that a batch root is committed on one kind of ledger. This is the extension point for
 * ledger kinds: {@link EmbeddedAnchorVerifier} handles the embedded ledger; a Fabric verifier
 * (endorsements over the write of the root) is registered the same way through
 * {@link BundleVerifier#BundleVerifier(TrustStore, List)}. A bundle whose anchor kind has no
 * verifier gets the verdict {@link Verdict.Status#UNSUPPORTED_ANCHOR}, never a pass.
 */
public interface AnchorVerifier {
    /**
     * The anchor kind this verifier handles.
     *
     * @return the {@code anchor.ledger} value, such as {@code embedded}
     */
    String ledger();

    /**
     * Checks the anchor. It must not throw for bad content: every defect is a failed check.
     *
     * @param anchor an anchor of this verifier's kind
     * @param batch the batch whose root the anchor must commit
     * @param trust the keys trusted per org
     * @return the checks made, in order
     */
    List<Verdict.Check> verify(EvidenceBundle.Anchor anchor, EvidenceBundle.Batch batch, TrustStore trust);
}
