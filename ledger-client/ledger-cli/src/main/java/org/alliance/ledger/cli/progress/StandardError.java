package org.alliance.ledger.cli.progress;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the process's standard error is attached to. Java has no call for it: {@code System.console()}
 * speaks of standard input and output, and a command piped into a file or into {@code less} still
 * has its standard error on the terminal, which is where the bar belongs.
 */
final class StandardError {
    private static final int DEFAULT_COLUMNS = 80;

    private StandardError() {
    }

    /**
     * Whether file descriptor 2 is a terminal that can redraw a line: on Linux read from
     * {@code /proc/self/fd/2}, elsewhere asked of {@code test -t 2} in a shell that inherits it.
     * A {@code TERM} of {@code dumb} (an editor's shell buffer) counts as no terminal.
     *
     * @return true for a terminal
     */
    static boolean isTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
        return exitsZero(new ProcessBuilder("sh", "-c", "test -t 2").redirectError(ProcessBuilder.Redirect.INHERIT));
    }

    /**
     * The terminal's width: {@code COLUMNS} when the shell exported it, else {@code stty size} on
     * the controlling terminal, else 80.
     *
     * @return the columns
     */
    static int columns() {
        Integer fromEnv = positive(System.getenv("COLUMNS"));
        if (fromEnv != null) {
            return fromEnv;
        }
        Integer fromTty = ttyColumns();
        return fromTty != null ? fromTty : DEFAULT_COLUMNS;
    }

    /**
     * The width for a bar drawn on some other stream: {@code COLUMNS}, else 80.
     *
     * @return the columns
     */
    static int columnsFromEnvironment() {
        Integer fromEnv = positive(System.getenv("COLUMNS"));
        return fromEnv != null ? fromEnv : DEFAULT_COLUMNS;
    }

    /** The controlling terminal's columns as {@code stty size} reports them, or null. */
    private static Integer ttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return null;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return null;
            }
            String[] rowsColumns = out.split("\\s+");
            return rowsColumns.length == 2 ? positive(rowsColumns[1]) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean exitsZero(ProcessBuilder builder) {
        try {
            Process p = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Integer positive(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,4}")) {
            return null;
        }
        int n = Integer.parseInt(text.strip());
        return n > 0 ? n : null;
    }
}
