package org.alliance.ledger.cli.bulk;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command on standard error: a progress bar on a terminal, otherwise a plain
 * line every few seconds (a bar's carriage returns would fill a log file with one long line).
 */
public abstract class Progress implements AutoCloseable {
    /** How progress is shown. */
    public enum Mode {
        /** A bar when standard error is a terminal, plain lines otherwise. */
        AUTO,
        /** Always the bar. */
        BAR,
        /** Plain lines. */
        PLAIN,
        /** Nothing. */
        NONE
    }

    /**
     * Starts showing progress.
     *
     * @param mode the requested mode
     * @param err where to show it
     * @param task the name shown
     * @param start the count already done (a resumed build)
     * @param total the expected count (an estimate is fine)
     * @param interval the time between plain lines
     * @return the progress, to {@link #update} and close
     */
    public static Progress start(Mode mode, PrintStream err, String task, long start, long total, Duration interval) {
        Mode chosen = mode == Mode.AUTO ? (err == System.err && stderrIsTerminal() ? Mode.BAR : Mode.PLAIN) : mode;
        return switch (chosen) {
            case BAR -> new Bar(err, task, start, total);
            case PLAIN -> new Lines(err, task, start, total, interval);
            default -> new Progress() {
                @Override
                public void update(long done) {
                }

                @Override
                public void close() {
                }
            };
        };
    }

    /**
     * Reports the count done so far.
     *
     * @param done the count
     */
    public abstract void update(long done);

    /** Shows the final state. */
    @Override
    public abstract void close();

    /** On Linux, whether file descriptor 2 is a terminal; elsewhere, whether the JVM has a console. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(PrintStream err, String task, long start, long total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(start, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
                    .setUnit(" M", 1_000_000).showSpeed().setUpdateIntervalMillis(500).build();
        }

        @Override
        public void update(long done) {
            bar.stepTo(done);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final PrintStream err;
        private final String task;
        private final long start;
        private final long total;
        private final long interval;
        private final long began = System.nanoTime();
        private long nextLine;
        private long done;

        Lines(PrintStream err, String task, long start, long total, Duration interval) {
            this.err = err;
            this.task = task;
            this.start = start;
            this.done = start;
            this.total = total;
            this.interval = interval.toNanos();
            this.nextLine = began + this.interval;
        }

        @Override
        public void update(long count) {
            done = count;
            long now = System.nanoTime();
            if (now >= nextLine) {
                print(now);
                nextLine = now + interval;
            }
        }

        @Override
        public void close() {
            print(System.nanoTime());
        }

        private void print(long now) {
            double seconds = Math.max(1e-9, (now - began) / 1e9);
            err.printf("%s: %,d of about %,d (%.1f%%), %,.0f/s%n", task, done, total,
                    total == 0 ? 100.0 : 100.0 * done / total, (done - start) / seconds);
            err.flush();
        }
    }
}
