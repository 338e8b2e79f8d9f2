package org.alliance.ledger.core.bundle;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * Verifies an embedded-ledger anchor: the block header names the bundle's batch and root, the
 * block hash is the hash of the header, and the header is signed by a key that the trust store
 * holds for the header's signer org.
 */
public final class EmbeddedAnchorVerifier implements AnchorVerifier {
    /** Check: the anchor's block header is well-formed. */
    public static final String BLOCK_HEADER = "BLOCK_HEADER";
    /** Check: the block header commits the bundle's batch id and root. */
    public static final String ANCHOR_ROOT = "ANCHOR_ROOT";
    /** Check: the block hash is the hash of the header. */
    public static final String BLOCK_HASH = "BLOCK_HASH";
    /** Check: the block signature verifies with the header's signer key. */
    public static final String BLOCK_SIGNATURE = "BLOCK_SIGNATURE";
    /** Check: the signer key is trusted for the header's signer org. */
    public static final String BLOCK_SIGNER_TRUSTED = "BLOCK_SIGNER_TRUSTED";

    @Override
    public String ledger() {
        return EvidenceBundle.EmbeddedAnchor.LEDGER;
    }

    @Override
    public List<Verdict.Check> verify(EvidenceBundle.Anchor anchor, EvidenceBundle.Batch batch, TrustStore trust) {
        EvidenceBundle.EmbeddedAnchor a = (EvidenceBundle.EmbeddedAnchor) anchor;
        List<Verdict.Check> checks = new ArrayList<>();
        BlockHeader header;
        try {
            header = BlockHeader.fromJson(a.header());
            checks.add(Verdict.Check.pass(BLOCK_HEADER, "block " + header.number() + " header is well-formed"));
        } catch (RuntimeException e) {
            checks.add(Verdict.Check.fail(BLOCK_HEADER, "block header is malformed: " + e.getMessage()));
            for (String name : List.of(ANCHOR_ROOT, BLOCK_HASH, BLOCK_SIGNATURE, BLOCK_SIGNER_TRUSTED)) {
                checks.add(new Verdict.Check(name, Verdict.Outcome.NOT_CHECKED, "the block header is malformed"));
            }
            return checks;
        }
        checks.add(Verdict.Check.of(ANCHOR_ROOT,
                header.batchRoot().equals(batch.root()) && header.batchId().equals(batch.batchId()),
                "block " + header.number() + " commits batch " + batch.batchId() + " with this root",
                "block " + header.number() + " commits batch " + header.batchId() + " root " + header.batchRoot()
                        + ", not batch " + batch.batchId() + " root " + batch.root()));
        String computed = Hex.encode(header.blockHash());
        checks.add(Verdict.Check.of(BLOCK_HASH, computed.equals(a.blockHash()),
                "block hash " + computed + " is the " + header.hashAlg() + " hash of the header",
                "block hash in the bundle is not the " + header.hashAlg() + " hash of the header (" + computed + ")"));
        PublicKey key;
        try {
            SignatureAlgorithm alg = SignatureAlgorithm.fromId(header.signerAlg());
            key = Keys.publicKeyFromDer(Fields.base64("signerPublicKey", header.signerPublicKey(), ErrorCode.BAD_SIGNATURE));
            byte[] signature = Fields.base64("signature", a.signature(), ErrorCode.BAD_SIGNATURE);
            checks.add(Verdict.Check.of(BLOCK_SIGNATURE, Signatures.verify(alg, key, header.canonicalBytes(), signature),
                    "the block header is signed by " + header.signerOrg() + "'s node (" + alg + ")",
                    "the block signature does not verify with the header's signer key"));
        } catch (CryptoException | RuleException | IllegalArgumentException e) {
            checks.add(Verdict.Check.fail(BLOCK_SIGNATURE, "the block signature cannot be checked: " + e.getMessage()));
            checks.add(new Verdict.Check(BLOCK_SIGNER_TRUSTED, Verdict.Outcome.NOT_CHECKED, "the signer key is unusable"));
            return checks;
        }
        checks.add(Verdict.Check.of(BLOCK_SIGNER_TRUSTED, trust.trusts(header.signerOrg(), key),
                "the node key is trusted for " + header.signerOrg(),
                "the node key is not in the trust store for " + header.signerOrg()));
        return checks;
    }
}
