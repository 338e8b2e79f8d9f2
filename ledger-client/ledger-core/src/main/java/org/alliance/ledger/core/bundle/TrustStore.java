package org.alliance.ledger.core.bundle;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * record-signing key and a node key). Only the key of a certificate is used; whether the
 * certificate chains to an org CA is the business of whoever assembles the directory.
 */
public final class TrustStore {
    private final Map<String, List<PublicKey>> keysByOrg;

    private TrustStore(Map<String, List<PublicKey>> keysByOrg) {
        Map<String, List<PublicKey>> copy = new TreeMap<>();
        keysByOrg.forEach((org, keys) -> copy.put(org, List.copyOf(keys)));
        this.keysByOrg = copy;
    }

    /**
     * Builds a trust store from keys.
     *
     * @param keysByOrg public keys per MSP id
     * @return the trust store
     */
    public static TrustStore of(Map<String, List<PublicKey>> keysByOrg) {
        keysByOrg.keySet().forEach(org -> Fields.mspId("org", org));
        return new TrustStore(keysByOrg);
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
        }
        return new TrustStore(keys);
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
