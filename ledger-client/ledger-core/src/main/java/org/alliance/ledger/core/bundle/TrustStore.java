package org.alliance.ledger.core.bundle;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.error.RuleException;

/**
 * The keys an offline verifier trusts, per org.
 *
 * <p>The usual source is a trust directory: PEM files named {@code MSPID.pem} or
 * {@code MSPID.anything.pem}, each holding one public key or one X.509 certificate. The org is the
 * part of the file name before the first dot, so an org may have several keys (for example a
 * record-signing key and a node key). For most checks only the key of a certificate is used;
 * whether such a certificate chains to an org CA is the business of whoever assembles the
 * directory.
 *
 * <p><b>Org CAs.</b> A certificate whose basic constraints make it a CA is also kept whole, as
 * one of the org's CA certificates ({@link #caCertificates}). A verifier of a permissioned
 * ledger's anchor (Fabric) checks that the nodes' certificates chain to these, and takes the
 * orgs that have one ({@link #caOrgs}) as the channel's members: the directory of a four-org
 * alliance holds four org CAs, and a majority is three of them.
 */
public final class TrustStore {
    private final Map<String, List<PublicKey>> keysByOrg;
    private final Map<String, List<X509Certificate>> casByOrg;

    private TrustStore(Map<String, List<PublicKey>> keysByOrg, Map<String, List<X509Certificate>> casByOrg) {
        Map<String, List<PublicKey>> copy = new TreeMap<>();
        keysByOrg.forEach((org, keys) -> copy.put(org, List.copyOf(keys)));
        this.keysByOrg = copy;
        Map<String, List<X509Certificate>> cas = new TreeMap<>();
        casByOrg.forEach((org, certs) -> cas.put(org, List.copyOf(certs)));
        this.casByOrg = cas;
    }

    /**
     * Builds a trust store from keys.
     *
     * @param keysByOrg public keys per MSP id
     * @return the trust store
     */
    public static TrustStore of(Map<String, List<PublicKey>> keysByOrg) {
        keysByOrg.keySet().forEach(org -> Fields.mspId("org", org));
        return new TrustStore(keysByOrg, Map.of());
    }

    /**
     * Builds a trust store from the contents of a trust directory's PEM files.
     *
     * @param pemsByFileName PEM text per file name (names without a directory)
     * @return the trust store
     * @throws IllegalArgumentException naming the file, if a name does not start with a valid MSP
     *     id, does not end in {@code .pem}, or its content is not one public key or certificate
     */
    public static TrustStore fromPems(Map<String, String> pemsByFileName) {
        Map<String, List<PublicKey>> keys = new LinkedHashMap<>();
        Map<String, List<X509Certificate>> cas = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(pemsByFileName).entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(".pem")) {
                throw new IllegalArgumentException("trust file " + name + ": name must end in .pem");
            }
            String org = name.substring(0, name.indexOf('.'));
            try {
                Fields.mspId("org", org);
            } catch (RuleException ex) {
                throw new IllegalArgumentException("trust file " + name + ": '" + org + "' is not an MSP id", ex);
            }
            try {
                keys.computeIfAbsent(org, k -> new ArrayList<>()).add(Keys.readPublicKeyPem(e.getValue()));
            } catch (CryptoException ex) {
                throw new IllegalArgumentException("trust file " + name + ": " + ex.getMessage(), ex);
            }
            caCertificate(name, e.getValue()).ifPresent(c -> cas.computeIfAbsent(org, k -> new ArrayList<>()).add(c));
        }
        return new TrustStore(keys, cas);
    }

    /** The certificate in a PEM, if it is one and a CA's; the key was read already, so the PEM is sound. */
    private static Optional<X509Certificate> caCertificate(String name, String pem) {
        if (!pem.contains("BEGIN CERTIFICATE")) {
            return Optional.empty();
        }
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return c.getBasicConstraints() >= 0 ? Optional.of(c) : Optional.empty();
        } catch (CertificateException ex) {
            throw new IllegalArgumentException("trust file " + name + ": unreadable certificate: " + ex.getMessage(), ex);
        }
    }

    /**
     * The CA certificates trusted for an org: the certificates of its trust files that are CAs.
     *
     * @param mspId the org
     * @return its CA certificates, empty if none
     */
    public List<X509Certificate> caCertificates(String mspId) {
        return casByOrg.getOrDefault(Objects.requireNonNull(mspId, "mspId"), List.of());
    }

    /**
     * The orgs that have at least one CA certificate: the members of a permissioned channel, as
     * far as an offline verifier knows them.
     *
     * @return the MSP ids, sorted
     */
    public Set<String> caOrgs() {
        return casByOrg.keySet();
    }

    /**
     * Whether a key is trusted for an org.
     *
     * @param mspId the org
     * @param key the key
     * @return true if the org has this key in the store
     */
    public boolean trusts(String mspId, PublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        return keys(mspId).stream().anyMatch(k -> Arrays.equals(k.getEncoded(), encoded));
    }

    /**
     * The keys trusted for an org.
     *
     * @param mspId the org
     * @return its keys, empty if the org is unknown
     */
    public List<PublicKey> keys(String mspId) {
        return keysByOrg.getOrDefault(Objects.requireNonNull(mspId, "mspId"), List.of());
    }

    /**
     * The orgs that have at least one key.
     *
     * @return the MSP ids, sorted
     */
    public Set<String> orgs() {
        return keysByOrg.keySet();
    }
}
