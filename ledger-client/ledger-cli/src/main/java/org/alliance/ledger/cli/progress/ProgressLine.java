package org.alliance.ledger.cli.progress;

import java.util.Locale;

/**
 * The text of one progress report: a pure function of the count, the total, the time elapsed and
 * the terminal's width, so that it is tested without a terminal or a clock.
 *
 * <p>With a total: {@code task  41% [========>           ] 1,234,567/3,000,000 leaves  812,345/s  ETA 0:02}.
 * Without one (a stream of unknown length): {@code task | 1,234,567 leaves  812,345/s  0:05}. The
 * final report says {@code in 0:03} instead of the ETA.
 */
final class ProgressLine {
    private static final int MIN_BAR = 6;
    private static final int MAX_BAR = 40;
    private static final char[] SPINNER = {'|', '/', '-', '\\'};
    /** What a rate up to {@code 999,999/s} and a time up to {@code ETA 9:59} take, with their spaces. */
    private static final int TAIL_ROOM = 2 + 9 + 2 + 8;

    private final String task;
    private final String unit;
    private final long start;

    /**
     * @param task what is done, first on the line
     * @param unit what is counted, plural ("leaves")
     * @param start the count already done when the command began (a resumed build): the rate
     *     counts only what this run did
     */
    ProgressLine(String task, String unit, long start) {
        this.task = task;
        this.unit = unit;
        this.start = start;
    }

    /**
     * The bar's line, without a line end, at most {@code width - 1} characters (writing the last
     * column makes some terminals wrap, and the next redraw would then start a line too low).
     *
     * @param done the count done
     * @param total the expected count, or negative when unknown
     * @param elapsedNanos time since the start
     * @param width the terminal's columns
     * @param last whether this is the final report
     * @param frame the redraw's number, turning the spinner of an unknown total
     * @return the line
     */
    String bar(long done, long total, long elapsedNanos, int width, boolean last, long frame) {
        String rate = rate(done, elapsedNanos);
        String time = last ? "in " + duration(elapsedNanos / 1_000_000_000L) : eta(done, total, elapsedNanos);
        String text;
        if (total < 0) {
            text = task + (last ? "" : " " + SPINNER[(int) (frame % SPINNER.length)]) + " " + count(done) + " " + unit
                    + "  " + rate + "  " + (last ? time : duration(elapsedNanos / 1_000_000_000L));
        } else {
            String head = task + " " + String.format(Locale.ROOT, "%3d%%", percent(done, total)) + " ";
            String counts = String.format(Locale.ROOT, "%" + count(total).length() + "s", count(done)) + "/" + count(total)
                    + " " + unit;
            String tail = "  " + rate + "  " + time;
            // Room for the usual rate and time whatever they are now, so that the bar keeps its length as they change.
            int room = width - 1 - head.length() - counts.length() - Math.max(tail.length(), TAIL_ROOM) - 3;
            text = room < MIN_BAR ? head + counts + tail : head + bar(done, total, Math.min(MAX_BAR, room)) + " " + counts + tail;
        }
        return text.length() < width ? text : text.substring(0, Math.max(0, width - 1));
    }

    /**
     * A plain line for a log: {@code task: 1,234,567 of 3,000,000 leaves (41%), 812,345/s, ETA 0:02}.
     *
     * @param done the count done
     * @param total the expected count, or negative when unknown
     * @param elapsedNanos time since the start
     * @param last whether this is the final report
     * @return the line, without a line end
     */
    String plain(long done, long total, long elapsedNanos, boolean last) {
        String elapsed = duration(elapsedNanos / 1_000_000_000L);
        String counted = total < 0 ? count(done) + " " + unit
                : count(done) + " of " + count(total) + " " + unit + " (" + percent(done, total) + "%)";
        String rate = rate(done, elapsedNanos);
        if (last) {
            return task + ": " + counted + " in " + elapsed + ", " + rate;
        }
        return task + ": " + counted + ", " + rate + ", " + (total < 0 ? elapsed + " elapsed" : eta(done, total, elapsedNanos));
    }

    /** Whole percent, rounded down so that 100 means done; a count beyond an estimated total stays at 100. */
    static int percent(long done, long total) {
        if (total <= 0 || done >= total) {
            return 100;
        }
        return (int) Math.min(99, Math.max(0, Math.floor(100.0 * done / total)));
    }

    private static String bar(long done, long total, int cells) {
        int filled = (int) Math.min(cells, (double) Math.max(0, done) / total * cells);
        StringBuilder sb = new StringBuilder(cells + 2).append('[').append("=".repeat(filled));
        if (filled < cells) {
            sb.append('>').append(" ".repeat(cells - filled - 1));
        }
        return sb.append(']').toString();
    }

    private String rate(long done, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        if (seconds < 1e-3) {
            return "--/s";
        }
        double perSecond = Math.max(0, done - start) / seconds;
        return String.format(Locale.ROOT, perSecond < 10 ? "%.1f/s" : "%,.0f/s", perSecond);
    }

    private String eta(long done, long total, long elapsedNanos) {
        double perNano = elapsedNanos <= 0 ? 0 : (double) Math.max(0, done - start) / elapsedNanos;
        if (perNano <= 0) {
            return "ETA --:--";
        }
        return "ETA " + duration((long) Math.ceil(Math.max(0, total - done) / perNano / 1e9));
    }

    /** {@code m:ss} under an hour, {@code h:mm:ss} from one hour on. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
