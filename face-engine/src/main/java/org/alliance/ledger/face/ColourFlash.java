package org.alliance.ledger.face;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A sequence of screen colours that the client shows, one after the other, while it films the
 * face: the light of each colour tints the skin, which a recording made earlier cannot do.
 *
 * @param steps the colours in the order shown, each with how long it is shown
 */
public record ColourFlash(List<Step> steps) {
    /** The fewest colours of a random sequence. */
    public static final int MIN_STEPS = 5;
    /** The most colours of a random sequence. */
    public static final int MAX_STEPS = 7;
    /** The shortest time a colour is shown, in milliseconds: long enough for a camera frame or two. */
    public static final int MIN_MS = 300;
    /** The longest time a colour is shown, in milliseconds. */
    public static final int MAX_MS = 600;

    /** Copies the steps and checks there is at least one. */
    public ColourFlash {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a colour flash has at least one colour");
        }
    }

    /**
     * One colour of the sequence.
     *
     * @param colour the colour
     * @param durationMs how long it is shown, in milliseconds
     */
    public record Step(FlashColour colour, int durationMs) {
        /** Checks the parts. */
        public Step {
            Objects.requireNonNull(colour, "colour");
            if (durationMs <= 0) {
                throw new IllegalArgumentException("a colour is shown for a positive time, not " + durationMs + " ms");
            }
        }
    }

    /**
     * A random sequence: {@link #MIN_STEPS} to {@link #MAX_STEPS} colours of the palette, each
     * different from the one before (two equal colours in a row would be one longer colour), each
     * shown for {@link #MIN_MS} to {@link #MAX_MS} milliseconds in steps of 10.
     *
     * @param random the source of randomness (a {@code SecureRandom} for a challenge)
     * @return the sequence
     */
    public static ColourFlash random(RandomGenerator random) {
        FlashColour[] palette = FlashColour.values();
        int count = MIN_STEPS + random.nextInt(MAX_STEPS - MIN_STEPS + 1);
        List<Step> steps = new ArrayList<>();
        FlashColour previous = null;
        for (int i = 0; i < count; i++) {
            FlashColour colour;
            do {
                colour = palette[random.nextInt(palette.length)];
            } while (colour == previous);
            steps.add(new Step(colour, MIN_MS + 10 * random.nextInt((MAX_MS - MIN_MS) / 10 + 1)));
            previous = colour;
        }
        return new ColourFlash(steps);
    }

    /**
     * How long the whole sequence takes.
     *
     * @return milliseconds
     */
    public int totalMs() {
        return steps.stream().mapToInt(Step::durationMs).sum();
    }

    /**
     * The colour on the screen at a time since the sequence started.
     *
     * @param ms milliseconds since the first colour appeared
     * @return the colour, or null before the first or after the last
     */
    public FlashColour colourAt(double ms) {
        int step = stepAt(ms);
        return step < 0 ? null : steps.get(step).colour();
    }

    /**
     * Which step is on the screen at a time since the sequence started.
     *
     * @param ms milliseconds since the first colour appeared
     * @return the step's index, or -1 before the first or after the last
     */
    public int stepAt(double ms) {
        if (ms < 0) {
            return -1;
        }
        double end = 0;
        for (int i = 0; i < steps.size(); i++) {
            end += steps.get(i).durationMs();
            if (ms < end) {
                return i;
            }
        }
        return -1;
    }
}
