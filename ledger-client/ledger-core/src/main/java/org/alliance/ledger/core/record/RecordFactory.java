package org.alliance.ledger.core.record;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;

/**
 * Builds and signs evidence records for one producing org and {@link Signer}. The service, the CLI demo
 * and the tests all produce records through this class, so that every producer encodes, hashes
 * and signs the same way.
 */
public final class RecordFactory {
    private final String org;
    private final HashAlgorithm hashAlg;
    private final Signer signer;
    private final String publicKeyBase64;

    /**
     * Creates a factory over a key pair held in memory.
     *
     * @param org the producing org's MSP id
     * @param hashAlg the record hash algorithm
     * @param keyPair the signing key pair; its curve picks SM2 or ECDSA P-256
     */
    public RecordFactory(String org, HashAlgorithm hashAlg, KeyPair keyPair) {
        this(org, hashAlg, Signer.of(keyPair));
    }

    /**
     * Creates a factory over a private key held in memory.
     *
     * @param org the producing org's MSP id
     * @param hashAlg the record hash algorithm
     * @param privateKey the signing key
     * @param publicKey its public key, embedded in every signature
     */
    public RecordFactory(String org, HashAlgorithm hashAlg, PrivateKey privateKey, PublicKey publicKey) {
        this(org, hashAlg, Signer.of(privateKey, publicKey));
    }

    /**
     * Creates a factory over any signer, such as a key in a hardware security module.
     *
     * @param org the producing org's MSP id
     * @param hashAlg the record hash algorithm
     * @param signer signs the records; its public key is embedded in every signature
     */
    public RecordFactory(String org, HashAlgorithm hashAlg, Signer signer) {
        this.org = Fields.mspId("org", org);
        this.hashAlg = Objects.requireNonNull(hashAlg, "hashAlg");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.publicKeyBase64 = Base64.getEncoder().encodeToString(signer.publicKey().getEncoded());
    }

    /**
     * The producing org.
     *
     * @return the MSP id
     */
    public String org() {
        return org;
    }

    /**
     * The signing public key as it appears in records and agreements.
     *
     * @return base64 SubjectPublicKeyInfo DER
     */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /**
     * The signature algorithm of this factory's key.
     *
     * @return the algorithm
     */
    public SignatureAlgorithm signatureAlgorithm() {
        return signer.algorithm();
    }

    /**
     * Builds and signs a record; the type follows from the body.
     *
     * @param id the record id
     * @param time the record time
     * @param prev the {@code ALG:HEX} hash of the subject's previous record, or {@code null}
     * @param body the body
     * @return the signed record
     * @throws org.alliance.ledger.core.error.RuleException if a field is malformed
     */
    public SignedRecord create(String id, Instant time, String prev, RecordBody body) {
        return sign(new EvidenceRecord(body.recordType(), id, EvidenceRecord.FORMAT_VERSION, org,
                time.toString(), prev, hashAlg.id(), body));
    }

    /**
     * Builds and signs a record that follows another of the same subject.
     *
     * @param id the record id
     * @param time the record time
     * @param previous the subject's previous record
     * @param body the body
     * @return the signed record
     */
    public SignedRecord createAfter(String id, Instant time, SignedRecord previous, RecordBody body) {
        return create(id, time, RecordCodec.taggedHash(previous.record()), body);
    }

    /**
     * Signs a record built elsewhere.
     *
     * @param record the record; its org must be this factory's org
     * @return the signed record
     */
    public SignedRecord sign(EvidenceRecord record) {
        if (!record.org().equals(org)) {
            throw new IllegalArgumentException("record org " + record.org() + " is not " + org);
        }
        byte[] der = signer.sign(RecordCodec.toCanonicalJson(record));
        return new SignedRecord(record, new RecordSignature(signer.algorithm().id(), publicKeyBase64,
                Base64.getEncoder().encodeToString(der)));
    }
}
