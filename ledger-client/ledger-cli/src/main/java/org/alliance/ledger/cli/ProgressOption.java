package org.alliance.ledger.cli;

import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.cli.progress.ProgressMode;
import picocli.CommandLine.Option;

/** The {@code --progress} and {@code --no-progress} options of the long commands (mixin). */
public final class ProgressOption {
    /** The environment variable that sets the mode when {@code --progress} is not given. */
    public static final String ENV = "LEDGER_CLI_PROGRESS";

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "${env:" + ENV + ":-auto}",
            description = {"Progress on standard error, never on standard output (default: ${DEFAULT-VALUE}; "
                    + ENV + " sets the default).",
                "auto: when standard error is a terminal, a bar with count, percent, rate and ETA once the command has run "
                    + "for half a second; otherwise a plain line every 10 s once it has run that long, and a final one. "
                    + "A quick run prints nothing.",
                "bar: the bar, from the start; plain: the plain lines, and always a final one; none: nothing."})
    private ProgressMode mode;

    @Option(names = "--no-progress", description = "Show no progress: the same as --progress none.")
    private boolean off;

    /**
     * Starts showing progress in the chosen mode.
     *
     * @param io the invocation's streams: progress goes to standard error
     * @param task what is done, first on each report
     * @param unit what is counted, plural
     * @param start the count already done, or 0
     * @param total the expected count, or {@link Progress#UNKNOWN}
     * @return the progress
     */
    public Progress start(CliIo io, String task, String unit, long start, long total) {
        return Progress.start(mode(), io.err(), task, unit, start, total);
    }

    /**
     * Returns the chosen mode.
     *
     * @return the mode; {@code --no-progress} wins over {@code --progress}
     */
    public ProgressMode mode() {
        return off ? ProgressMode.NONE : mode;
    }
}
