package org.alliance.ledger.cli.progress;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The progress of one long command on standard error. The command reports its count with
 * {@link #update}, as often as it likes: the bar is redrawn at most ten times a second and plain
 * lines are printed every ten seconds, so an update costs a clock read. {@link #finish} marks the
 * work complete (the count is then the total, which may have been an estimate); {@link #close}
 * alone, on a failure, reports the count where it stopped. The final report ends its line, so an
 * error message that follows starts on a line of its own.
 *
 * <p>Standard output is never written: what a command prints there is the same with or without
 * progress. A command that prints while progress is shown calls {@link #clearLine} first.
 *
 * <p>It is for the thread that does the work; it starts no thread of its own, so a count that
 * stands still also leaves the bar still.
 */
public final class Progress implements AutoCloseable {
    /** The total of a stream whose length is not known: count and rate, no percent. */
    public static final long UNKNOWN = -1;
    static final long REDRAW_NANOS = 100_000_000L;
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
    /** In auto mode a command that ends sooner than this shows no bar at all. */
    public static final long AUTO_DELAY_MILLIS = 500;
    static final long AUTO_DELAY_NANOS = AUTO_DELAY_MILLIS * 1_000_000L;

    /** How the reports are drawn. */
    enum Style {
        /** Redrawn in place with carriage returns. */
        BAR,
        /** One line per report. */
        PLAIN,
        /** None. */
        NONE
    }

    private final Style style;
    private final boolean eager;
    private final PrintStream err;
    private final ProgressLine line;
    private final LongSupplier clock;
    private final IntSupplier columns;
    private int width;
    private final long began;
    private long total;
    private long done;
    private long nextReport;
    private long frame;
    private int drawn;
    private boolean shown;
    private boolean ended;

    Progress(Style style, boolean eager, PrintStream err, ProgressLine line, long start, long total, LongSupplier clock,
            IntSupplier columns) {
        this.style = style;
        this.eager = eager;
        this.err = err;
        this.line = line;
        this.clock = clock;
        this.columns = columns;
        this.done = start;
        this.total = total;
        this.began = clock.getAsLong();
        this.nextReport = began + (style == Style.PLAIN ? PLAIN_INTERVAL_NANOS : eager ? 0 : AUTO_DELAY_NANOS);
        if (style == Style.BAR && eager) {
            report(began, false);
        }
    }

    /**
     * Starts showing the progress of a command.
     *
     * @param mode the mode asked for; {@link ProgressMode#AUTO} draws the bar only when {@code err}
     *     is the process's standard error and that is a terminal
     * @param err where to show it
     * @param task what is done, first on each report (the command's name)
     * @param unit what is counted, plural
     * @param start the count already done (a resumed build), or 0
     * @param total the expected count (an estimate is fine), or {@link #UNKNOWN}
     * @return the progress, to update and close
     */
    public static Progress start(ProgressMode mode, PrintStream err, String task, String unit, long start, long total) {
        Objects.requireNonNull(err, "err");
        Style style = switch (Objects.requireNonNull(mode, "mode")) {
            case BAR -> Style.BAR;
            case PLAIN -> Style.PLAIN;
            case NONE -> Style.NONE;
            case AUTO -> err == System.err && StandardError.isTerminal() ? Style.BAR : Style.PLAIN;
        };
        // The controlling terminal's width is the width of standard error only when that is where the bar goes.
        IntSupplier columns = err == System.err ? StandardError::columns : StandardError::columnsFromEnvironment;
        return new Progress(style, mode != ProgressMode.AUTO, err, new ProgressLine(task, unit, start), start, total,
                System::nanoTime, columns);
    }

    /**
     * Reports the count done so far; a count beyond the total raises the total to it.
     *
     * @param count the count, from the start of the work (a resumed build counts what it skipped)
     */
    public void update(long count) {
        done = count;
        if (total >= 0 && done > total) {
            total = done;
        }
        if (style == Style.NONE || ended) {
            return;
        }
        long now = clock.getAsLong();
        if (now - nextReport >= 0) {
            report(now, false);
        }
    }

    /**
     * Adds to the count.
     *
     * @param count how many more are done
     */
    public void step(long count) {
        update(done + count);
    }

    /**
     * Erases the bar from its line, so that the command can print there; the next update draws it
     * again. Plain lines need no erasing.
     */
    public void clearLine() {
        if (style == Style.BAR && drawn > 0 && !ended) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }

    /**
     * Marks the work complete: the count is the total, and the final report says 100 % (or, for a
     * stream that had no total, the count alone).
     */
    public void finish() {
        if (total >= 0) {
            total = done;
        }
        end();
    }

    /** Ends the reports: the final one gives the count as it stands, unless {@link #finish} already did. */
    @Override
    public void close() {
        end();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (style != Style.NONE && (shown || eager)) {
            report(clock.getAsLong(), true);
        }
    }

    private void report(long now, boolean last) {
        long elapsed = now - began;
        if (style == Style.BAR) {
            if (width == 0) {
                // Asked at the first draw, so that a quick run never asks.
                width = columns.getAsInt();
            }
            String text = line.bar(done, total, elapsed, width, last, frame++);
            // Spaces over what is left of a longer previous line: plainer than an ANSI erase, and any terminal has them.
            err.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())) + (last ? System.lineSeparator() : ""));
            drawn = last ? 0 : text.length();
            nextReport = now + REDRAW_NANOS;
        } else {
            err.println(line.plain(done, total, elapsed, last));
            nextReport = now + PLAIN_INTERVAL_NANOS;
        }
        err.flush();
        shown = true;
    }
}
