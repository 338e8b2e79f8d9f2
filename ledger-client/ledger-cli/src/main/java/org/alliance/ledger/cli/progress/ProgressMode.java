package org.alliance.ledger.cli.progress;

import java.util.Locale;

/** How a long command shows its progress on standard error. */
public enum ProgressMode {
    /**
     * A bar when standard error is a terminal (and {@code TERM} is not {@code dumb}), plain lines
     * otherwise; either only once the command has run for a while, so quick runs print nothing.
     */
    AUTO,
    /** Always the bar, from the start. */
    BAR,
    /** Always plain lines: one at the start of each interval and a final one. */
    PLAIN,
    /** Nothing. */
    NONE;

    /**
     * Parses a mode name, in any case.
     *
     * @param name {@code auto}, {@code bar}, {@code plain} or {@code none}
     * @return the mode
     * @throws IllegalArgumentException for any other name
     */
    public static ProgressMode parse(String name) {
        for (ProgressMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected auto, bar, plain or none but got '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
