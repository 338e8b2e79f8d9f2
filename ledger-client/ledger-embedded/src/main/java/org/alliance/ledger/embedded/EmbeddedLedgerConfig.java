package org.alliance.ledger.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.rules.RulesConfig;

/**
 * How to open an embedded ledger.
 *
 * @param dataDir the directory holding {@code blocks.log} and {@code node.key}; created if absent
 * @param signerOrg the MSP id of the org that runs this node, written into every block header
 * @param hashAlg the hash algorithm of a new ledger's block chain; an existing ledger keeps the
 *     algorithm its first block names
 * @param nodeKeyAlg the algorithm of a generated node key
 * @param nodeKeyPem a PKCS#8 PEM file with the node key to use instead of {@code node.key}, or
 *     null to use (and on first open generate) {@code node.key}
 * @param rules the rules configuration; replaying existing blocks needs the configuration they
 *     were written with
 * @param clock the source of transaction times
 */
public record EmbeddedLedgerConfig(Path dataDir, String signerOrg, HashAlgorithm hashAlg, SignatureAlgorithm nodeKeyAlg,
        Path nodeKeyPem, RulesConfig rules, Clock clock) {

    /** Checks the parts. */
    public EmbeddedLedgerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Fields.mspId("signerOrg", signerOrg);
        Objects.requireNonNull(hashAlg, "hashAlg");
        Objects.requireNonNull(nodeKeyAlg, "nodeKeyAlg");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The defaults: SHA-256 chain, a generated ECDSA P-256 node key, default rules, system clock.
     *
     * @param dataDir the data directory
     * @param signerOrg the MSP id of the org running the node
     * @return the configuration
     */
    public static EmbeddedLedgerConfig defaults(Path dataDir, String signerOrg) {
        return new EmbeddedLedgerConfig(dataDir, signerOrg, HashAlgorithm.SHA256, SignatureAlgorithm.ECDSA_P256, null,
                RulesConfig.defaults(), Clock.systemUTC());
    }

    /**
     * A copy with other algorithms for a new ledger.
     *
     * @param hash the chain's hash algorithm
     * @param nodeKey the algorithm of a generated node key
     * @return the new configuration
     */
    public EmbeddedLedgerConfig withAlgorithms(HashAlgorithm hash, SignatureAlgorithm nodeKey) {
        return new EmbeddedLedgerConfig(dataDir, signerOrg, hash, nodeKey, nodeKeyPem, rules, clock);
    }

    /**
     * A copy that signs with a key from a PEM file.
     *
     * @param pem the PKCS#8 PEM file
     * @return the new configuration
     */
    public EmbeddedLedgerConfig withNodeKey(Path pem) {
        return new EmbeddedLedgerConfig(dataDir, signerOrg, hashAlg, nodeKeyAlg, pem, rules, clock);
    }

    /**
     * A copy with other rules settings.
     *
     * @param rulesConfig the rules configuration
     * @return the new configuration
     */
    public EmbeddedLedgerConfig withRules(RulesConfig rulesConfig) {
        return new EmbeddedLedgerConfig(dataDir, signerOrg, hashAlg, nodeKeyAlg, nodeKeyPem, rulesConfig, clock);
    }

    /**
     * A copy with another clock, for tests and replays.
     *
     * @param txClock the clock
     * @return the new configuration
     */
    public EmbeddedLedgerConfig withClock(Clock txClock) {
        return new EmbeddedLedgerConfig(dataDir, signerOrg, hashAlg, nodeKeyAlg, nodeKeyPem, rules, txClock);
    }
}
