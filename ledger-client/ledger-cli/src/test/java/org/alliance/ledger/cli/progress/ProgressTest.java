package org.alliance.ledger.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When reports are drawn, with a clock the test moves. */
class ProgressTest {
    private static final long MS = 1_000_000L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now = 1_000 * MS;

    private Progress progress(Progress.Style style, boolean eager, long start, long total) {
        return new Progress(style, eager, err, new ProgressLine("task", "items", start), start, total, () -> now, () -> 70);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The successive states of the bar's line: what a terminal shows after each carriage return. */
    private List<String> frames() {
        return Arrays.stream(text().split("\r")).filter(s -> !s.isEmpty()).map(String::stripTrailing).toList();
    }

    @Test
    void theBarIsRedrawnInPlaceAtMostTenTimesASecond() {
        try (Progress p = progress(Progress.Style.BAR, true, 0, 1_000)) {
            for (int i = 1; i <= 1_000; i++) {
                now += MS; // a thousand updates over one second
                p.update(i);
            }
            p.finish();
        }
        List<String> frames = frames();
        assertThat(frames.getFirst()).startsWith("task   0% [>");
        assertThat(frames.getLast()).isEqualTo("task 100% [==================] 1,000/1,000 items  1,000/s  in 0:01");
        assertThat(frames).hasSizeBetween(10, 12);
        assertThat(text()).endsWith(System.lineSeparator()).containsOnlyOnce(System.lineSeparator());
    }

    @Test
    void aShorterLineIsPaddedOverTheLongerOneBeforeIt() {
        Progress p = progress(Progress.Style.BAR, true, 0, Progress.UNKNOWN);
        now += 200 * MS;
        p.update(123_456_789);
        now += 200 * MS;
        p.update(1);
        String[] raw = text().split("\r");
        String longer = raw[raw.length - 2];
        String shorter = raw[raw.length - 1];
        assertThat(shorter.stripTrailing()).hasSizeLessThan(longer.length()).startsWith("task - 1 items");
        assertThat(shorter).hasSameSizeAs(longer);
        p.close();
    }

    @Test
    void clearLineErasesTheBarAndTheNextUpdateDrawsItAgain() {
        Progress p = progress(Progress.Style.BAR, true, 0, 10);
        int drawnLength = text().length() - 1;
        p.clearLine();
        assertThat(text()).endsWith("\r" + " ".repeat(drawnLength) + "\r");
        err.print("a result line\n");
        now += 200 * MS;
        p.update(5);
        assertThat(text()).endsWith("a result line\n\rtask  50% [============>           ]  5/10 items  25/s  ETA 0:01");
        p.close();
    }

    @Test
    void closingWithoutFinishShowsWhereTheWorkStopped() {
        try (Progress p = progress(Progress.Style.BAR, true, 0, 1_000)) {
            now += 200 * MS;
            p.update(430);
        }
        assertThat(frames().getLast()).startsWith("task  43% [").endsWith("430/1,000 items  2,150/s  in 0:00");
    }

    @Test
    void anEstimatedTotalIsCorrectedByFinish() {
        try (Progress p = progress(Progress.Style.PLAIN, true, 0, 1_000)) {
            now += 1_000 * MS;
            p.update(980);
            p.finish();
        }
        assertThat(text()).isEqualTo("task: 980 of 980 items (100%) in 0:01, 980/s" + System.lineSeparator());
    }

    @Test
    void aCountBeyondTheTotalRaisesIt() {
        try (Progress p = progress(Progress.Style.PLAIN, true, 0, 100)) {
            now += 1_000 * MS;
            p.update(150);
        }
        assertThat(text()).startsWith("task: 150 of 150 items (100%)");
    }

    @Test
    void plainLinesComeEveryTenSecondsAndOnceAtTheEnd() {
        try (Progress p = progress(Progress.Style.PLAIN, true, 0, 100)) {
            for (int i = 1; i <= 100; i++) {
                now += 250 * MS; // 25 s in all
                p.update(i);
            }
            p.finish();
        }
        assertThat(text().lines().toList()).containsExactly(
                "task: 40 of 100 items (40%), 4.0/s, ETA 0:15",
                "task: 80 of 100 items (80%), 4.0/s, ETA 0:05",
                "task: 100 of 100 items (100%) in 0:25, 4.0/s");
    }

    @Test
    void autoIsSilentForAQuickRun() {
        try (Progress bar = progress(Progress.Style.BAR, false, 0, 100);
                Progress plain = progress(Progress.Style.PLAIN, false, 0, 100)) {
            now += 400 * MS;
            bar.update(100);
            plain.update(100);
            bar.finish();
            plain.finish();
        }
        assertThat(text()).isEmpty();
    }

    @Test
    void autoShowsTheBarAfterHalfASecondAndThenEndsIt() {
        try (Progress p = progress(Progress.Style.BAR, false, 0, 100)) {
            now += 400 * MS;
            p.update(40);
            assertThat(text()).isEmpty();
            now += 100 * MS;
            p.update(50);
            assertThat(text()).startsWith("\rtask  50% [");
            p.finish();
        }
        assertThat(frames().getLast()).startsWith("task 100% [");
    }

    @Test
    void autoPlainLinesOnlyForARunOfTenSecondsOrMore() {
        try (Progress p = progress(Progress.Style.PLAIN, false, 0, 100)) {
            now += 9_999 * MS;
            p.update(99);
            assertThat(text()).isEmpty();
            now += 1 * MS;
            p.update(100);
            p.finish();
        }
        assertThat(text().lines().toList()).containsExactly(
                "task: 100 of 100 items (100%), 10/s, ETA 0:00",
                "task: 100 of 100 items (100%) in 0:10, 10/s");
    }

    @Test
    void noneWritesNothing() {
        try (Progress p = progress(Progress.Style.NONE, true, 0, 100)) {
            now += 60_000 * MS;
            p.update(50);
            p.clearLine();
            p.finish();
        }
        assertThat(bytes.size()).isZero();
    }

    @Test
    void modesParseInAnyCase() {
        assertThat(ProgressMode.parse("Bar")).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.parse(" none ")).isEqualTo(ProgressMode.NONE);
        assertThat(ProgressMode.AUTO).hasToString("auto");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProgressMode.parse("loud"))
                .hasMessage("expected auto, bar, plain or none but got 'loud'");
    }
}
