package org.alliance.ledger.core.bundle;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.error.RuleException;

/**
 * Verifies evidence bundles offline, with nothing but the bundle and the alliance's org keys.
 *
 * <p>It checks, in order: the record is well-formed; its signature verifies; the signing key is
 * trusted for the record's org; the record hash is the bundle's {@code recordHash}; the Merkle
 * path leads from that hash to the batch root; and the anchor commits that root (delegated to the
 * {@link AnchorVerifier} of the anchor's ledger kind). A bundle with a log anchor is also checked for
 * {@value #LOG_INCLUSION}, {@value #CHECKPOINT_SIGNATURE} and the {@link EvmAnchorVerifier#CHECKS}.
 * Every check is reported, so a failure says exactly which link of the chain is broken. It is
 * thread safe.
 */
public final class BundleVerifier {
    /** Check: the record is a well-formed signed evidence record. */
    public static final String RECORD_FORMAT = "RECORD_FORMAT";
    /** Check: the record's signature verifies with its embedded key. */
    public static final String RECORD_SIGNATURE = "RECORD_SIGNATURE";
    /** Check: the record's signing key is trusted for the record's org. */
    public static final String RECORD_SIGNER_TRUSTED = "RECORD_SIGNER_TRUSTED";
    /** Check: the record hashes to the bundle's record hash. */
    public static final String RECORD_HASH = "RECORD_HASH";
    /** Check: the inclusion proof leads from the record hash to the batch root. */
    public static final String MERKLE_PATH = "MERKLE_PATH";
    /** Check: the anchor kind is supported at all. */
    public static final String ANCHOR = "ANCHOR";
    /** Check (bundles with a log anchor): the batch root is a leaf of the alliance-log checkpoint's tree. */
    public static final String LOG_INCLUSION = LogAnchorVerifier.LOG_INCLUSION;
    /** Check (bundles with a log anchor): the checkpoint's producer signature verifies with a trusted key. */
    public static final String CHECKPOINT_SIGNATURE = LogAnchorVerifier.CHECKPOINT_SIGNATURE;

    private final TrustStore trust;
    private final Map<String, AnchorVerifier> anchorVerifiers = new HashMap<>();

    /**
     * Creates a verifier for embedded-ledger anchors.
     *
     * @param trust the keys trusted per org
     */
    public BundleVerifier(TrustStore trust) {
        this(trust, List.of());
    }

    /**
     * Creates a verifier with additional anchor kinds.
     *
     * @param trust the keys trusted per org
     * @param extraAnchorVerifiers verifiers for further ledger kinds, such as Fabric
     */
    public BundleVerifier(TrustStore trust, List<AnchorVerifier> extraAnchorVerifiers) {
        this.trust = Objects.requireNonNull(trust, "trust");
        anchorVerifiers.put(EvidenceBundle.EmbeddedAnchor.LEDGER, new EmbeddedAnchorVerifier());
        extraAnchorVerifiers.forEach(v -> anchorVerifiers.put(v.ledger(), v));
    }

    /**
     * Verifies a bundle. It never throws for bad content: every defect is a failed check.
     *
     * @param bundle the bundle
     * @return the verdict with every check
     */
    public Verdict verify(EvidenceBundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        List<Verdict.Check> checks = new ArrayList<>();
        checkRecord(bundle, checks);
        checks.add(checkMerklePath(bundle));
        AnchorVerifier anchorVerifier = anchorVerifiers.get(bundle.anchor().ledger());
        if (anchorVerifier == null) {
            checks.add(new Verdict.Check(ANCHOR, Verdict.Outcome.UNSUPPORTED,
                    bundle.anchor().ledger() + " anchors cannot be verified by this version"));
        } else {
            checks.addAll(anchorVerifier.verify(bundle.anchor(), bundle.batch(), trust));
        }
        if (bundle.logAnchor() != null) {
            checks.addAll(LogAnchorVerifier.verify(bundle.logAnchor(), bundle.batch(), trust));
        }
        return Verdict.of(checks);
    }

    private void checkRecord(EvidenceBundle bundle, List<Verdict.Check> checks) {
        SignedRecord signed;
        try {
            signed = RecordCodec.signedFromTree(bundle.record());
        } catch (RuntimeException e) {
            checks.add(Verdict.Check.fail(RECORD_FORMAT, "the record is malformed: " + e.getMessage()));
            for (String name : List.of(RECORD_SIGNATURE, RECORD_SIGNER_TRUSTED, RECORD_HASH)) {
                checks.add(new Verdict.Check(name, Verdict.Outcome.NOT_CHECKED, "the record is malformed"));
            }
            return;
        }
        EvidenceRecord record = signed.record();
        checks.add(Verdict.Check.pass(RECORD_FORMAT, record.type() + " record " + record.id() + " by " + record.org()));
        try {
            PublicKey key = signed.verifySignature();
            checks.add(Verdict.Check.pass(RECORD_SIGNATURE, "the " + signed.signature().alg() + " signature verifies"));
            checks.add(Verdict.Check.of(RECORD_SIGNER_TRUSTED, trust.trusts(record.org(), key),
                    "the signing key is trusted for " + record.org(),
                    "the signing key is not in the trust store for " + record.org()));
        } catch (RuleException e) {
            checks.add(Verdict.Check.fail(RECORD_SIGNATURE, e.getMessage()));
            checks.add(new Verdict.Check(RECORD_SIGNER_TRUSTED, Verdict.Outcome.NOT_CHECKED, "the signature does not verify"));
        }
        String hash = Hex.encode(RecordCodec.hash(record));
        checks.add(Verdict.Check.of(RECORD_HASH, hash.equals(bundle.recordHash()),
                "the record's " + record.hashAlg() + " hash is " + hash,
                "the record's " + record.hashAlg() + " hash is " + hash + ", not the bundle's recordHash"));
    }

    private static Verdict.Check checkMerklePath(EvidenceBundle bundle) {
        EvidenceBundle.Batch batch = bundle.batch();
        try {
            HashAlgorithm alg = HashAlgorithm.fromId(batch.alg());
            List<byte[]> path = batch.proof().stream().map(h -> Hex.decode(h, alg.length())).toList();
            InclusionProof proof = new InclusionProof(batch.leafIndex(), batch.treeSize(), path);
            // The leaf data of a batch is the record hash itself (DESIGN: Merkle).
            MerkleVerifier.verifyInclusion(alg, Hex.decode(bundle.recordHash(), alg.length()), proof,
                    Hex.decode(batch.root(), alg.length()));
            return Verdict.Check.pass(MERKLE_PATH, "leaf " + batch.leafIndex() + " of " + batch.treeSize()
                    + " leads to root " + batch.root());
        } catch (ProofException | IllegalArgumentException e) {
            return Verdict.Check.fail(MERKLE_PATH, "the inclusion proof does not lead to the batch root: " + e.getMessage());
        }
    }
}
