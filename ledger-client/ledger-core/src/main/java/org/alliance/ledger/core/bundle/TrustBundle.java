package org.alliance.ledger.core.bundle;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;

/**
 * A trust bundle: what an offline verifier of evidence bundles needs to trust, handed out by a
 * member's service instance in one file, RFC 8785 canonical JSON.
 *
 * <p>It carries every signed record of the alliance agreement from version 1 to the version in
 * force, so the member orgs and their record keys are read from the agreement as its members
 * signed it ({@link AgreementChain}), not from the serving instance's word. What the agreement does
 * not state, the ledger's own keys (an embedded ledger's node key, a Fabric channel's org CA
 * certificates), the serving member states, and signs the whole file with its record key: a file
 * changed after download, or signed by a key that is not a member's record key in force, fails.
 *
 * <p>What remains to trust: anyone can found an agreement of their own, so a verifier learns from a
 * source other than the file that the {@link AgreementChain#genesisHash() agreement's first
 * proposal} is its alliance's (a published fingerprint, {@code --expect-agreement}); and the ledger
 * keys are as good as the member that signed the file.
 */
public final class TrustBundle {
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** The largest trust bundle accepted. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;
    /** The most agreement records, node keys or CA certificates accepted. */
    public static final int MAX_ENTRIES = 1000;

    /** Check: every agreement record is well-formed, of this agreement, and its signature verifies. */
    public static final String AGREEMENT_RECORDS = "AGREEMENT_RECORDS";
    /** Check: every version up to the one in force is proposed and signed by all its signatories. */
    public static final String AGREEMENT_SIGNATURES = "AGREEMENT_SIGNATURES";
    /** Check: the file's members, keys and validity periods are those the agreement states. */
    public static final String TRUST_MEMBERS = "TRUST_MEMBERS";
    /** Check: node keys and CA certificates are usable and belong to members. */
    public static final String LEDGER_KEYS = "LEDGER_KEYS";
    /** Check: the file's signer is a member of the agreement in force, with a record key in force. */
    public static final String TRUST_SIGNER_MEMBER = "TRUST_SIGNER_MEMBER";
    /** Check: the signature over the file verifies, so it is unchanged since the member signed it. */
    public static final String TRUST_SIGNATURE = "TRUST_SIGNATURE";
    /** Check (when a verifier names one): the agreement is the one the verifier expects. */
    public static final String EXPECTED_AGREEMENT = "EXPECTED_AGREEMENT";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("trustVersion", "issuedAt", "agreement", "members",
            "records", "nodeKeys", "caCertificates", "signer", "signature");

    private final ObjectNode document;
    private final String agreementId;
    private final List<SignedRecord> records;
    private final List<OrgEntry> nodeKeys;
    private final List<OrgEntry> caCertificates;
    private final String signerOrg;
    private final String signerAlg;
    private final String signerKey;
    private final String signature;

    /**
     * A key or certificate stated for an org.
     *
     * @param org the MSP id
     * @param value base64 DER public key (node keys) or PEM (CA certificates)
     */
    public record OrgEntry(String org, String value) {
    }

    private TrustBundle(ObjectNode document) {
        this.document = document;
        String what = "trust bundle";
        ContainerJson.object(document, what, FIELDS, Set.of());
        if (ContainerJson.count(document, what, "trustVersion") != VERSION) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "trustVersion " + document.get("trustVersion") + " is not supported (expected " + VERSION + ")");
        }
        ContainerJson.text(document, what, "issuedAt");
        JsonNode agreement = ContainerJson.object(document.get("agreement"), "agreement",
                Set.of("agreementId", "version", "genesisHash", "inForceHash", "inForceSince"), Set.of());
        this.agreementId = ContainerJson.text(agreement, "agreement", "agreementId");
        this.records = new ArrayList<>();
        for (JsonNode r : array(document, "records")) {
            try {
                records.add(RecordCodec.signedFromTree(r));
            } catch (RuntimeException e) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                        "records[" + records.size() + "] is not a signed record: " + e.getMessage());
            }
        }
        this.nodeKeys = entries(document, "nodeKeys", "publicKey");
        this.caCertificates = entries(document, "caCertificates", "pem");
        JsonNode signer = ContainerJson.object(document.get("signer"), "signer", Set.of("org", "alg", "publicKey"), Set.of());
        this.signerOrg = ContainerJson.text(signer, "signer", "org");
        this.signerAlg = ContainerJson.text(signer, "signer", "alg");
        this.signerKey = ContainerJson.text(signer, "signer", "publicKey");
        this.signature = ContainerJson.text(document, what, "signature");
        array(document, "members");
    }

    /**
     * Builds and signs a trust bundle.
     *
     * @param agreementId the agreement
     * @param agreementRecords every proposal and signature of its versions up to the one in force
     * @param nodeKeys the ledger's node keys per org (an embedded ledger's), possibly none
     * @param caCertificates PEM CA certificates per org (a Fabric channel's), possibly none
     * @param issuedAt when, RFC 3339 UTC
     * @param signerOrg the serving member
     * @param signer its record signer, whose key the agreement in force lists for it
     * @return the signed bundle
     * @throws IllegalArgumentException if the records do not make an agreement in force, or a
     *     certificate is unreadable
     */
    public static TrustBundle sign(String agreementId, List<SignedRecord> agreementRecords,
            Map<String, List<PublicKey>> nodeKeys, Map<String, List<String>> caCertificates, String issuedAt,
            String signerOrg, Signer signer) {
        AgreementChain chain = AgreementChain.replay(agreementId, agreementRecords);
        ObjectNode doc = NODES.objectNode();
        doc.put("trustVersion", VERSION);
        Fields.time("issuedAt", issuedAt);
        doc.put("issuedAt", issuedAt);
        doc.set("agreement", agreementSummary(chain));
        doc.set("members", members(chain));
        ArrayNode recs = doc.putArray("records");
        agreementRecords.forEach(r -> recs.add(RecordCodec.toTree(r)));
        ArrayNode nodes = doc.putArray("nodeKeys");
        new TreeMap<>(nodeKeys).forEach((org, keys) -> keys.forEach(k ->
                nodes.addObject().put("org", org).put("publicKey", Base64.getEncoder().encodeToString(k.getEncoded()))));
        List<OrgEntry> cas = new ArrayList<>();
        new TreeMap<>(caCertificates).forEach((org, pems) -> pems.forEach(p -> cas.add(new OrgEntry(org, p))));
        doc.set("caCertificates", caSummary(cas));
        doc.putObject("signer").put("org", signerOrg).put("alg", signer.algorithm().id())
                .put("publicKey", Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()));
        doc.put("signature", Base64.getEncoder().encodeToString(signer.sign(signedBytes(doc))));
        return new TrustBundle(doc);
    }

    /**
     * Reads a trust bundle; nothing is verified yet ({@link #verify}).
     *
     * @param json the file's bytes
     * @return the bundle
     * @throws JsonInputException if it is not JSON or not shaped as a trust bundle
     */
    public static TrustBundle parse(byte[] json) {
        JsonNode root = ContainerJson.parse(json, MAX_BYTES);
        if (!root.isObject()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "a trust bundle is a JSON object");
        }
        return new TrustBundle((ObjectNode) root);
    }

    /**
     * The file's content.
     *
     * @return RFC 8785 canonical JSON
     */
    public byte[] toCanonicalJson() {
        return CanonicalJson.canonicalize(document);
    }

    /**
     * Verifies the bundle: the agreement's records and signatures, the members stated, the ledger
     * keys, the signer's membership and the signature over the file. It never throws for bad
     * content: every defect is a failed check.
     *
     * @param expectedAgreement the genesis or in-force hash ({@code ALG:HEX}) the verifier expects,
     *     or {@code null} to accept whichever agreement the file carries
     * @return the verdict with every check
     */
    public Verdict verify(String expectedAgreement) {
        List<Verdict.Check> checks = new ArrayList<>();
        AgreementChain chain;
        try {
            records.forEach(SignedRecord::verifySignature);
            checks.add(Verdict.Check.pass(AGREEMENT_RECORDS, records.size() + " records of agreement " + agreementId
                    + ", every signature verifies"));
        } catch (RuleException e) {
            checks.add(Verdict.Check.fail(AGREEMENT_RECORDS, e.getMessage()));
            notChecked(checks, "the agreement's records do not verify", AGREEMENT_SIGNATURES, TRUST_MEMBERS,
                    LEDGER_KEYS, TRUST_SIGNER_MEMBER, TRUST_SIGNATURE);
            return Verdict.of(checks);
        }
        try {
            chain = AgreementChain.replay(agreementId, records);
            checks.add(Verdict.Check.pass(AGREEMENT_SIGNATURES, "versions 1 to " + chain.version()
                    + " are each signed by all their signatories with keys the agreement lists"));
        } catch (IllegalArgumentException e) {
            checks.add(Verdict.Check.fail(AGREEMENT_SIGNATURES, e.getMessage()));
            notChecked(checks, "the agreement is not in force", TRUST_MEMBERS, LEDGER_KEYS, TRUST_SIGNER_MEMBER,
                    TRUST_SIGNATURE);
            return Verdict.of(checks);
        }
        checks.add(checkMembers(chain));
        checks.add(checkLedgerKeys(chain));
        List<String> inForce = chain.member(signerOrg).map(Member::signingKeys).orElse(List.of());
        checks.add(Verdict.Check.of(TRUST_SIGNER_MEMBER, inForce.contains(signerKey),
                "signed by " + signerOrg + ", a member of " + agreementId + " version " + chain.version()
                        + ", with its record key",
                "signed by " + signerOrg + " with a key that is not a record key of a member of " + agreementId
                        + " version " + chain.version() + ": not served by an alliance member"));
        checks.add(checkSignature());
        if (expectedAgreement != null) {
            boolean match = expectedAgreement.equals(chain.genesisHash()) || expectedAgreement.equals(chain.inForceHash());
            checks.add(Verdict.Check.of(EXPECTED_AGREEMENT, match, "the agreement is the expected " + expectedAgreement,
                    "the agreement is " + chain.genesisHash() + " (version " + chain.version() + ": "
                            + chain.inForceHash() + "), not the expected " + expectedAgreement));
        }
        return Verdict.of(checks);
    }

    private Verdict.Check checkMembers(AgreementChain chain) {
        boolean same = document.get("agreement").equals(agreementSummary(chain))
                && document.get("members").equals(members(chain));
        return Verdict.Check.of(TRUST_MEMBERS, same, chain.inForce().members().size() + " members of " + agreementId
                        + " version " + chain.version() + " in force since " + chain.activatedAt().getLast(),
                "the members, keys or validity periods stated differ from those the agreement's records state");
    }

    private Verdict.Check checkLedgerKeys(AgreementChain chain) {
        try {
            for (OrgEntry e : nodeKeys) {
                member(chain, e.org(), "node key");
                Keys.publicKeyFromDer(Base64.getDecoder().decode(e.value()));
            }
            for (OrgEntry e : caCertificates) {
                member(chain, e.org(), "CA certificate");
                if (certificate(e.value()).getBasicConstraints() < 0) {
                    throw new IllegalArgumentException("the certificate stated for " + e.org() + " is not a CA's");
                }
            }
            if (!document.get("caCertificates").equals(caSummary(caCertificates))) {
                throw new IllegalArgumentException("the validity stated for a CA certificate is not the certificate's");
            }
        } catch (IllegalArgumentException | CryptoException e) {
            return Verdict.Check.fail(LEDGER_KEYS, e.getMessage());
        }
        return Verdict.Check.pass(LEDGER_KEYS, nodeKeys.size() + " node keys and " + caCertificates.size()
                + " CA certificates of members, as " + signerOrg + " states them");
    }

    private static void member(AgreementChain chain, String org, String what) {
        if (chain.member(org).isEmpty()) {
            throw new IllegalArgumentException("a " + what + " is stated for " + org + ", which is not a member");
        }
    }

    private Verdict.Check checkSignature() {
        try {
            PublicKey key = Keys.publicKeyFromDer(Base64.getDecoder().decode(signerKey));
            SignatureAlgorithm alg = SignatureAlgorithm.fromId(signerAlg);
            boolean ok = Signatures.verify(alg, key, signedBytes(document), Base64.getDecoder().decode(signature));
            return Verdict.Check.of(TRUST_SIGNATURE, ok, "the file is exactly as " + signerOrg + " signed it (" + alg + ")",
                    "the signature does not verify: the file was changed after " + signerOrg + " signed it");
        } catch (CryptoException | IllegalArgumentException e) {
            return Verdict.Check.fail(TRUST_SIGNATURE, "the signature cannot be checked: " + e.getMessage());
        }
    }

    /**
     * The agreement as replayed from the records; call only after a valid {@link #verify}.
     *
     * @return the chain
     * @throws IllegalArgumentException if the records do not make an agreement in force
     */
    public AgreementChain chain() {
        return AgreementChain.replay(agreementId, records);
    }

    /**
     * The keys to verify evidence with: every record key each member held while a member (records
     * signed before a key rotation stay valid), the node keys and the CA certificates; call only
     * after a valid {@link #verify}.
     *
     * @return the trust store
     */
    public TrustStore trustStore() {
        AgreementChain chain = chain();
        Map<String, String> pems = new TreeMap<>();
        for (Member m : chain.inForce().members()) {
            List<AgreementChain.KeyPeriod> keys = chain.keyPeriods(m.mspId());
            for (int i = 0; i < keys.size(); i++) {
                pems.put(m.mspId() + ".record-" + i + ".pem",
                        Keys.toPem(Keys.publicKeyFromDer(Base64.getDecoder().decode(keys.get(i).publicKey()))));
            }
        }
        for (int i = 0; i < nodeKeys.size(); i++) {
            OrgEntry e = nodeKeys.get(i);
            pems.put(e.org() + ".node-" + i + ".pem", Keys.toPem(Keys.publicKeyFromDer(Base64.getDecoder().decode(e.value()))));
        }
        for (int i = 0; i < caCertificates.size(); i++) {
            pems.put(caCertificates.get(i).org() + ".ca-" + i + ".pem", caCertificates.get(i).value());
        }
        return TrustStore.fromPems(pems);
    }

    /**
     * The agreement's id.
     *
     * @return the id
     */
    public String agreementId() {
        return agreementId;
    }

    /**
     * The serving member that signed the file.
     *
     * @return its MSP id
     */
    public String signerOrg() {
        return signerOrg;
    }

    /**
     * When the file was made.
     *
     * @return RFC 3339 UTC
     */
    public String issuedAt() {
        return document.get("issuedAt").textValue();
    }

    /**
     * The CA certificates as stated, with their validity.
     *
     * @return one object per certificate: org, subject, notBefore, notAfter, pem
     */
    public JsonNode caCertificates() {
        return document.get("caCertificates");
    }

    private static ObjectNode agreementSummary(AgreementChain chain) {
        ObjectNode a = NODES.objectNode();
        a.put("agreementId", chain.agreementId());
        a.put("version", chain.version());
        a.put("genesisHash", chain.genesisHash());
        a.put("inForceHash", chain.inForceHash());
        a.put("inForceSince", chain.activatedAt().getLast());
        return a;
    }

    private static ArrayNode members(AgreementChain chain) {
        ArrayNode out = NODES.arrayNode();
        for (Member m : chain.inForce().members()) {
            ObjectNode o = out.addObject();
            o.put("mspId", m.mspId()).put("regionName", m.regionName()).put("regionCode", m.regionCode())
                    .put("role", m.role().name());
            ArrayNode keys = o.putArray("recordKeys");
            for (AgreementChain.KeyPeriod p : chain.keyPeriods(m.mspId())) {
                ObjectNode k = keys.addObject().put("publicKey", p.publicKey()).put("validFrom", p.validFrom());
                if (p.validUntil() != null) {
                    k.put("validUntil", p.validUntil());
                }
            }
        }
        return out;
    }

    private static ArrayNode caSummary(List<OrgEntry> cas) {
        ArrayNode out = NODES.arrayNode();
        for (OrgEntry e : cas) {
            X509Certificate c = certificate(e.value());
            out.addObject().put("org", e.org()).put("subject", c.getSubjectX500Principal().getName())
                    .put("notBefore", c.getNotBefore().toInstant().toString())
                    .put("notAfter", c.getNotAfter().toInstant().toString()).put("pem", e.value());
        }
        return out;
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable CA certificate: " + e.getMessage(), e);
        }
    }

    /** What the signature covers: the canonical file without its signature. */
    private static byte[] signedBytes(ObjectNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove("signature");
        return CanonicalJson.canonicalize(copy);
    }

    private static void notChecked(List<Verdict.Check> checks, String reason, String... names) {
        for (String name : names) {
            checks.add(new Verdict.Check(name, Verdict.Outcome.NOT_CHECKED, reason));
        }
    }

    private static List<JsonNode> array(JsonNode doc, String name) {
        JsonNode v = doc.get(name);
        if (v == null || !v.isArray() || v.size() > MAX_ENTRIES) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "trust bundle." + name + " must be an array of at most " + MAX_ENTRIES + " entries");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private static List<OrgEntry> entries(JsonNode doc, String name, String valueField) {
        List<OrgEntry> out = new ArrayList<>();
        for (JsonNode e : array(doc, name)) {
            String what = name + "[" + out.size() + "]";
            // CA entries also carry their derived subject and validity, checked against the certificate.
            ContainerJson.object(e, what, Set.of("org", valueField), Set.of("subject", "notBefore", "notAfter"));
            out.add(new OrgEntry(ContainerJson.text(e, what, "org"), ContainerJson.text(e, what, valueField)));
        }
        return out;
    }
}
