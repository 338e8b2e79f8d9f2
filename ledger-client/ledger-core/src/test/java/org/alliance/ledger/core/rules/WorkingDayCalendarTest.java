package org.alliance.ledger.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {
    /** China's 2026 National Day week, with the make-up working Saturday of 10 October. */
    static final Set<LocalDate> NATIONAL_DAY = Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2),
            LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7));
    final WorkingDayCalendar plain = new WorkingDayCalendar(WorkingDayCalendar.ALLIANCE_ZONE, Set.of(), Set.of());
    final WorkingDayCalendar holidays = new WorkingDayCalendar(WorkingDayCalendar.ALLIANCE_ZONE, NATIONAL_DAY,
            Set.of(LocalDate.of(2026, 10, 10)));

    @Test
    void weekendsAreSkipped() {
        LocalDate friday = LocalDate.of(2026, 11, 20);
        assertThat(plain.addWorkingDays(friday, 1)).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(plain.addWorkingDays(friday, 5)).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(plain.addWorkingDays(LocalDate.of(2026, 11, 21), 1)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void holidaysAreSkippedAndMakeUpDaysCount() {
        LocalDate wednesday = LocalDate.of(2026, 9, 30);
        // 1 Oct .. 7 Oct are off (the 3rd and 4th are a weekend), the 8th and 9th work, Saturday the 10th works.
        assertThat(holidays.addWorkingDays(wednesday, 1)).isEqualTo(LocalDate.of(2026, 10, 8));
        assertThat(holidays.addWorkingDays(wednesday, 3)).isEqualTo(LocalDate.of(2026, 10, 10));
        assertThat(holidays.addWorkingDays(wednesday, 4)).isEqualTo(LocalDate.of(2026, 10, 12));
        assertThat(holidays.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
        assertThat(holidays.isWorkingDay(LocalDate.of(2026, 10, 11))).isFalse();
    }

    @Test
    void theDeadlineIsTheEndOfTheDayInShanghai() {
        // 23:30 on Friday in Shanghai is still Friday there, though it is 15:30 UTC.
        Instant lateFriday = Instant.parse("2026-11-20T15:30:00Z");
        assertThat(plain.deadline(lateFriday, 1)).isEqualTo(Instant.parse("2026-11-23T15:59:59.999999999Z"));
        // 00:30 on Saturday in Shanghai is Friday 16:30 UTC: the day of receipt is Saturday.
        Instant earlySaturday = Instant.parse("2026-11-20T16:30:00Z");
        assertThat(plain.deadline(earlySaturday, 1)).isEqualTo(Instant.parse("2026-11-23T15:59:59.999999999Z"));
        assertThat(plain.deadline(Instant.parse("2026-11-20T01:00:00Z"), 3))
                .isEqualTo(Instant.parse("2026-11-25T15:59:59.999999999Z"));
    }

    @Property
    void theLastDayIsAWorkingDayAndExactlyNWorkingDaysAreCounted(
            @ForAll @IntRange(min = 0, max = 3000) int offset, @ForAll @IntRange(min = 1, max = 365) int n) {
        LocalDate start = LocalDate.of(2024, 1, 1).plusDays(offset);
        LocalDate end = holidays.addWorkingDays(start, n);
        assertThat(holidays.isWorkingDay(end)).isTrue();
        long counted = start.plusDays(1).datesUntil(end.plusDays(1)).filter(holidays::isWorkingDay).count();
        assertThat(counted).isEqualTo(n);
    }

    @Test
    void workingDaysLeftCountTheDaysAfterTodayAndTurnNegativeOncePast() {
        Instant deadline = holidays.deadline(Instant.parse("2026-09-30T02:00:00Z"), 3);
        // Received Wednesday 30 September: due at the end of Saturday 10 October, a make-up working day.
        assertThat(deadline).isEqualTo(Instant.parse("2026-10-10T15:59:59.999999999Z"));
        assertThat(holidays.workingDaysLeft(Instant.parse("2026-09-30T02:00:00Z"), deadline)).isEqualTo(3);
        // 23:30 on 8 October in Shanghai: the 9th and the 10th are left.
        assertThat(holidays.workingDaysLeft(Instant.parse("2026-10-08T15:30:00Z"), deadline)).isEqualTo(2);
        assertThat(holidays.workingDaysLeft(Instant.parse("2026-10-10T15:00:00Z"), deadline)).isZero();
        // Sunday the 11th is no working day, yet the case is past its deadline.
        assertThat(holidays.workingDaysLeft(Instant.parse("2026-10-11T02:00:00Z"), deadline)).isEqualTo(-1);
        assertThat(holidays.workingDaysLeft(Instant.parse("2026-10-13T02:00:00Z"), deadline)).isEqualTo(-2);
    }
}
