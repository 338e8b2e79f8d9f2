package org.alliance.ledger.core.rules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Working days for time limits: Monday to Friday, minus holidays, plus make-up working days,
 * in the alliance time zone.
 *
 * <p>A time limit of {@code n} working days starts the day after receipt (the day of receipt is
 * not counted, as is usual for 办结时限) and ends at the very end of the {@code n}-th working day.
 */
public final class WorkingDayCalendar {
    /** The alliance time zone. */
    public static final ZoneId ALLIANCE_ZONE = ZoneId.of("Asia/Shanghai");
    /** Guards against a calendar with no working days at all, which would never end a loop. */
    private static final int MAX_SCAN_DAYS = 3660;

    private final ZoneId zone;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> extraWorkingDays;

    /**
     * Creates a calendar.
     *
     * @param zone the time zone in which days begin and end
     * @param holidays days that are not working days
     * @param extraWorkingDays weekend days that are working days; a holiday wins over these
     */
    public WorkingDayCalendar(ZoneId zone, Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.holidays = Set.copyOf(holidays);
        this.extraWorkingDays = Set.copyOf(extraWorkingDays);
    }

    /**
     * Whether a day is a working day.
     *
     * @param day the day
     * @return true for a working day
     */
    public boolean isWorkingDay(LocalDate day) {
        if (holidays.contains(day)) {
            return false;
        }
        DayOfWeek dow = day.getDayOfWeek();
        return (dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY) || extraWorkingDays.contains(day);
    }

    /**
     * The {@code n}-th working day after a day.
     *
     * @param start the day of receipt, not counted
     * @param n the number of working days, at least 1
     * @return the last day of the limit
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        LocalDate day = start;
        int counted = 0;
        for (int scanned = 0; counted < n; scanned++) {
            if (scanned > MAX_SCAN_DAYS + n * 7L) {
                throw new IllegalStateException("calendar has no working days");
            }
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /**
     * The deadline of a time limit: the last instant of the {@code n}-th working day after the
     * day of receipt, in this calendar's zone.
     *
     * @param received when the case was received
     * @param n the time limit in working days
     * @return the last instant within the limit
     */
    public Instant deadline(Instant received, int n) {
        LocalDate last = addWorkingDays(received.atZone(zone).toLocalDate(), n);
        return last.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
    }

    /**
     * The working days left before a deadline: the working days after today up to the deadline's
     * day, so 0 on the deadline's own day; negative once past it, counting the working days since.
     *
     * @param now the time asked about
     * @param deadline the last instant within the limit
     * @return the working days left, or overdue when negative
     */
    public int workingDaysLeft(Instant now, Instant deadline) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate last = deadline.atZone(zone).toLocalDate();
        boolean ahead = !today.isAfter(last);
        LocalDate from = ahead ? today : last;
        LocalDate to = ahead ? last : today;
        int counted = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        if (!ahead) {
            return -Math.max(1, counted);
        }
        return counted;
    }
}
