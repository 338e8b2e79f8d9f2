package org.alliance.ledger.service.signing;

import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.config.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's signing key and its record factory. Records hash with the key's family (SM3 with
 * SM2, SHA-256 with ECDSA P-256), as the rest of the alliance tooling does.
 */
@Configuration(proxyBeanMethods = false)
public class SigningConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SigningConfiguration.class);

    /**
     * The service's signing key: it signs every record, and the checkpoints the service states
     * inside records (a certificate library's), which the rules check against the same registered key.
     *
     * @param signing the signing settings
     * @param dataDirectory where a development key is kept
     * @return the signer
     */
    @Bean
    public Signer recordSigner(SigningProperties signing, DataDirectory dataDirectory) {
        return Signer.of(SigningKeyLoader.load(signing, dataDirectory));
    }

    /**
     * The factory that builds and signs every record this service produces.
     *
     * @param alliance the service settings
     * @param signer the service's signing key
     * @return the factory
     */
    @Bean
    public RecordFactory recordFactory(AllianceProperties alliance, Signer signer) {
        SignatureAlgorithm alg = signer.algorithm();
        RecordFactory factory = new RecordFactory(alliance.org(),
                alg == SignatureAlgorithm.SM2 ? HashAlgorithm.SM3 : HashAlgorithm.SHA256, signer);
        LOG.info("signing records for {} with {} key {}", alliance.org(), alg.id(),
                factory.publicKeyBase64().substring(0, 24) + "…");
        return factory;
    }
}
