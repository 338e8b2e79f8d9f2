package org.alliance.ledger.service.ledger;

import java.time.Clock;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.devrpc.RemoteLedger;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.config.DataDirectory;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.embedded.EmbeddedLedgerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the configured ledger, and on a new embedded ledger seeds the demo alliance agreement. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {
    /** Sub-directory of the data directory holding the embedded ledger. */
    public static final String EMBEDDED_DIR = "ledger";

    /**
     * The ledger.
     *
     * @param properties the ledger settings
     * @param alliance the service settings
     * @param dataDirectory the data directory
     * @param factory this service's record factory, whose key the seeded agreement registers
     * @param clock the transaction clock of an embedded ledger
     * @return the open ledger; an embedded one is closed with the application context
     */
    @Bean
    public EvidenceLedger evidenceLedger(LedgerProperties properties, AllianceProperties alliance,
            DataDirectory dataDirectory, RecordFactory factory, Clock clock) {
        if (properties.mode() == LedgerProperties.Mode.FABRIC) {
            throw new IllegalStateException("alliance.ledger.mode=fabric is not available yet (the Gateway "
                    + "client exists in ledger-fabric, the service's Fabric mode does not); use alliance.ledger.mode=embedded");
        }
        if (properties.mode() == LedgerProperties.Mode.REMOTE_EMBEDDED) {
            if (properties.remoteUrl() == null || properties.internalSecret() == null) {
                throw new IllegalStateException("alliance.ledger.mode=remote-embedded needs alliance.ledger.remote-url and "
                        + "alliance.ledger.internal-secret");
            }
            return new RemoteLedger(properties.remoteUrl(), properties.internalSecret());
        }
        boolean sm = factory.signatureAlgorithm() == SignatureAlgorithm.SM2;
        EmbeddedLedger ledger = EmbeddedLedger.open(EmbeddedLedgerConfig
                .defaults(dataDirectory.root().resolve(EMBEDDED_DIR), alliance.org())
                .withAlgorithms(sm ? HashAlgorithm.SM3 : HashAlgorithm.SHA256, factory.signatureAlgorithm())
                .withClock(clock));
        try {
            if (properties.seedDemoAgreement()) {
                new DemoAgreementSeeder(ledger, factory, clock, properties.demoMemberKeys()).seedIfEmpty();
            }
            return ledger;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }
}
