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
 * @param maxClockSkew how far a record's time may be ahead of the transaction time
 * @param maxSubmitDelay how far a record's time may be behind the transaction time; generous,
 *     because a service's outbox holds signed records while the ledger is unreachable, and a
 *     record acknowledged to a user must still be accepted when the ledger comes back
 * @param holidays extra non-working days, added to each agreement's holidays
 * @param extraWorkingDays weekend days that are working days (make-up days), for all agreements
 * @param zone the alliance time zone in which working days begin and end
 */
public record RulesConfig(Duration maxClockSkew, Duration maxSubmitDelay, Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays,
        ZoneId zone) {
    /** The default clock skew allowance: 10 minutes. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** The default submission delay allowance: 7 days of ledger outage. */
    public static final Duration DEFAULT_MAX_SUBMIT_DELAY = Duration.ofDays(7);

    /**
     * How long an identity check supports a case receipt: the same day's application, counted
     * from the attestation's time. After that the applicant is checked again, so an old check
     * (a lost slip, a photographed QR code) cannot open a case. Part of the rules, not a setting:
     * every peer must judge it alike.
     */
    public static final Duration ATTESTATION_VALIDITY = Duration.ofHours(24);

    /** Checks and copies the settings. */
    public RulesConfig {
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        Objects.requireNonNull(maxSubmitDelay, "maxSubmitDelay");
        if (maxSubmitDelay.compareTo(maxClockSkew) < 0) {
            throw new IllegalArgumentException("maxSubmitDelay must be at least maxClockSkew");
        }
        holidays = Set.copyOf(holidays);
        extraWorkingDays = Set.copyOf(extraWorkingDays);
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * The defaults: 10 minutes of skew ahead, 7 days of submission delay, no extra holidays or
     * working days, Asia/Shanghai.
     *
     * @return the default configuration
     */
    public static RulesConfig defaults() {
        return new RulesConfig(DEFAULT_MAX_CLOCK_SKEW, DEFAULT_MAX_SUBMIT_DELAY, Set.of(), Set.of(), WorkingDayCalendar.ALLIANCE_ZONE);
    }
}
