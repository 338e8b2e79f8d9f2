package org.alliance.ledger.core.rules;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the evidence rules that are not part of any agreement. Every peer must run with
 * the same settings, or endorsements will disagree.
 *
 * @param maxClockSkew how far a record's time may be from the transaction time
 * @param holidays extra non-working days, added to each agreement's holidays
 * @param extraWorkingDays weekend days that are working days (make-up days), for all agreements
 * @param zone the alliance time zone in which working days begin and end
 */
public record RulesConfig(Duration maxClockSkew, Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays,
        ZoneId zone) {
    /** The default clock skew allowance: 10 minutes. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    /** Checks and copies the settings. */
    public RulesConfig {
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        holidays = Set.copyOf(holidays);
        extraWorkingDays = Set.copyOf(extraWorkingDays);
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * The defaults: 10 minutes of skew, no extra holidays or working days, Asia/Shanghai.
     *
     * @return the default configuration
     */
    public static RulesConfig defaults() {
        return new RulesConfig(DEFAULT_MAX_CLOCK_SKEW, Set.of(), Set.of(), WorkingDayCalendar.ALLIANCE_ZONE);
    }
}
