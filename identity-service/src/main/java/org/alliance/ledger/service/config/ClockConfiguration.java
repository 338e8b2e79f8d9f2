package org.alliance.ledger.service.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock every time-dependent decision uses, so tests can move time (expiry, retention). */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {
    /**
     * The system clock in UTC.
     *
     * @return the clock
     */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
