package org.alliance.ledger.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of the reports, for given counts, times and widths. */
class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;
    private final ProgressLine line = new ProgressLine("bulk build", "leaves", 0);

    @Test
    void aBarWithCountPercentRateAndEta() {
        assertThat(line.bar(1_234_567, 3_000_000, 2 * SECOND, 100, false, 0)).isEqualTo(
                "bulk build  41% [=============>                   ] 1,234,567/3,000,000 leaves  617,284/s  ETA 0:03");
    }

    @Test
    void theBarFillsTheWidthButOneColumnUpToFortyCells() {
        assertThat(line.bar(1_234_567, 3_000_000, 2 * SECOND, 100, false, 0)).hasSize(99);
        assertThat(line.bar(1_234_567, 3_000_000, 2 * SECOND, 300, false, 0))
                .contains("[================>                       ]").hasSizeLessThan(120);
    }

    @Test
    void theFinalBarSaysHowLongItTook() {
        assertThat(line.bar(3_000_000, 3_000_000, 65 * SECOND, 100, true, 7)).isEqualTo(
                "bulk build 100% [=================================] 3,000,000/3,000,000 leaves  46,154/s  in 1:05");
    }

    @Test
    void theCountIsPaddedSoTheBarDoesNotMove() {
        String early = line.bar(5, 3_000, SECOND, 100, false, 0);
        String late = line.bar(2_999, 3_000, SECOND, 100, false, 0);
        assertThat(early.indexOf(']')).isEqualTo(late.indexOf(']'));
        assertThat(early).contains("]     5/3,000 leaves");
    }

    @Test
    void theBarShrinksToTheWidthAndGoesWhenThereIsNoRoom() {
        for (int width = 20; width <= 200; width++) {
            assertThat(line.bar(1_500, 3_000, SECOND, width, false, 0).length()).as("width %d", width).isLessThan(width);
        }
        String narrow = line.bar(1_500, 3_000, SECOND, 60, false, 0);
        assertThat(narrow).isEqualTo("bulk build  50% 1,500/3,000 leaves  1,500/s  ETA 0:01");
        assertThat(line.bar(1_500, 3_000, SECOND, 80, false, 0))
                .isEqualTo("bulk build  50% [==========>          ] 1,500/3,000 leaves  1,500/s  ETA 0:01");
        assertThat(line.bar(1_500, 3_000, SECOND, 20, false, 0)).isEqualTo("bulk build  50% 1,5");
    }

    @Test
    void theBarKeepsItsLengthAsRateAndTimeChange() {
        String slow = line.bar(1_000, 3_000, 100 * SECOND, 80, false, 0);
        String fast = line.bar(2_000, 3_000, SECOND / 100, 80, false, 0);
        String last = line.bar(3_000, 3_000, SECOND / 100, 80, true, 0);
        assertThat(slow).endsWith("  10/s  ETA 3:20");
        assertThat(fast).endsWith("  200,000/s  ETA 0:01");
        assertThat(List.of(fast, last)).allSatisfy(l -> assertThat(l.indexOf(']')).isEqualTo(slow.indexOf(']')));
        String beyond = line.bar(2_000, 3_000, SECOND / 1_000, 80, false, 0);
        assertThat(beyond).endsWith("  2,000,000/s  ETA 0:01").hasSizeLessThan(80);
    }

    @Test
    void anUnknownTotalShowsCountRateAndElapsedWithASpinner() {
        assertThat(line.bar(12_345, Progress.UNKNOWN, 5 * SECOND, 80, false, 0))
                .isEqualTo("bulk build | 12,345 leaves  2,469/s  0:05");
        assertThat(line.bar(12_345, Progress.UNKNOWN, 5 * SECOND, 80, false, 1)).startsWith("bulk build / 12,345");
        assertThat(line.bar(12_345, Progress.UNKNOWN, 5 * SECOND, 80, true, 2))
                .isEqualTo("bulk build 12,345 leaves  2,469/s  in 0:05").doesNotContain("%");
        assertThat(line.plain(12_345, Progress.UNKNOWN, 5 * SECOND, false)).isEqualTo("bulk build: 12,345 leaves, 2,469/s, 0:05 elapsed");
    }

    @Test
    void plainLinesForLogs() {
        assertThat(line.plain(1_234_567, 3_000_000, 2 * SECOND, false))
                .isEqualTo("bulk build: 1,234,567 of 3,000,000 leaves (41%), 617,284/s, ETA 0:03");
        assertThat(line.plain(3_000_000, 3_000_000, 4000 * SECOND, true))
                .isEqualTo("bulk build: 3,000,000 of 3,000,000 leaves (100%) in 1:06:40, 750/s");
    }

    @Test
    void aResumedRunCountsOnlyItsOwnWorkInTheRateAndEta() {
        ProgressLine resumed = new ProgressLine("bulk build", "leaves", 1_000_000);
        assertThat(resumed.plain(2_000_000, 3_000_000, 10 * SECOND, false))
                .isEqualTo("bulk build: 2,000,000 of 3,000,000 leaves (66%), 100,000/s, ETA 0:10");
    }

    @Test
    void beforeAnyTimeOrWorkTheRateAndEtaAreUnknown() {
        assertThat(line.plain(0, 3_000, 0, false)).isEqualTo("bulk build: 0 of 3,000 leaves (0%), --/s, ETA --:--");
        assertThat(line.plain(0, 3_000, SECOND, false)).isEqualTo("bulk build: 0 of 3,000 leaves (0%), 0.0/s, ETA --:--");
        assertThat(line.bar(0, 3_000, 0, 60, false, 0)).isEqualTo("bulk build   0%     0/3,000 leaves  --/s  ETA --:--");
    }

    @Test
    void percentIsRoundedDownSoOnlyTheWholeIsAHundred() {
        assertThat(ProgressLine.percent(2_999, 3_000)).isEqualTo(99);
        assertThat(ProgressLine.percent(999_999_999_999L, 1_000_000_000_000L)).isEqualTo(99);
        assertThat(ProgressLine.percent(3_000, 3_000)).isEqualTo(100);
        assertThat(ProgressLine.percent(0, 0)).isEqualTo(100);
        assertThat(ProgressLine.percent(1, 3)).isEqualTo(33);
    }

    @Test
    void durations() {
        assertThat(ProgressLine.duration(0)).isEqualTo("0:00");
        assertThat(ProgressLine.duration(59)).isEqualTo("0:59");
        assertThat(ProgressLine.duration(3599)).isEqualTo("59:59");
        assertThat(ProgressLine.duration(3600)).isEqualTo("1:00:00");
        assertThat(ProgressLine.duration(90061)).isEqualTo("25:01:01");
    }
}
