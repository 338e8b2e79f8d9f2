package org.alliance.ledger.core.rules;

import java.time.Duration;
import java.time.Instant;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the rules tests: the demo alliance and a fresh ledger on which its agreement was
 * activated three days before {@link #T}.
 */
abstract class ActiveDemoLedger {
    /** A Monday, 09:00 in Shanghai. */
    static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    final DemoAlliance demo;
    final TestLedger ledger;

    /** The SM2 / SM3 alliance. */
    ActiveDemoLedger() {
        this(SignatureAlgorithm.SM2, HashAlgorithm.SM3);
    }

    ActiveDemoLedger(SignatureAlgorithm signatures, HashAlgorithm hashes) {
        this.demo = new DemoAlliance(signatures, hashes);
        this.ledger = new TestLedger(demo);
    }

    @BeforeEach
    void activate() {
        ledger.activateDemoAgreement(T.minus(Duration.ofDays(3)));
    }
}
