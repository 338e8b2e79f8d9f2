package org.alliance.ledger.service.testkit;

import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.LivenessJudge;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Test doubles: scripted face engine and liveness judge, a movable clock, a ledger that fails on demand. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {
    /** @return the scripted engine */
    @Bean
    @Primary
    public FaceEngine fakeFaceEngine() {
        return new FakeFaceEngine();
    }

    /** @return the scripted judge */
    @Bean
    @Primary
    public LivenessJudge fakeLivenessJudge() {
        return new FakeLivenessJudge();
    }

    /** @return a clock at the real time that tests move */
    @Bean
    @Primary
    public MutableClock mutableClock() {
        return MutableClock.atRealNow();
    }

    /**
     * The embedded ledger behind a failure switch.
     *
     * @param real the ledger the service configured
     * @return the wrapper
     */
    @Bean
    @Primary
    public FlakyLedger flakyLedger(@Qualifier("evidenceLedger") EvidenceLedger real) {
        return new FlakyLedger(real);
    }
}
