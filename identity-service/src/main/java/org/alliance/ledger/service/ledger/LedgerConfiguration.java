package org.alliance.ledger.service.ledger;

import java.time.Clock;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
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
     * @return the open ledger; closed with the application context
     */
    @Bean(destroyMethod = "close")
    public EvidenceLedger evidenceLedger(LedgerProperties properties, AllianceProperties alliance,
            DataDirectory dataDirectory, RecordFactory factory, Clock clock) {
        if (properties.mode() == LedgerProperties.Mode.FABRIC) {
            throw new IllegalStateException("alliance.ledger.mode=fabric is not available yet (issue 3 adds the "
                    + "Fabric Gateway client); use alliance.ledger.mode=embedded");
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
