package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ColourFlashJudgeTest {
    private static final ColourFlashJudge JUDGE = new ColourFlashJudge(0.45);
    /** Red 400, green 500, blue 300, yellow 450 ms: 1650 ms. */
    private static final ColourFlash FLASH = new ColourFlash(List.of(step(FlashColour.RED, 400),
            step(FlashColour.GREEN, 500), step(FlashColour.BLUE, 300), step(FlashColour.YELLOW, 450)));
    /** One frame every 150 ms from the first colour to the end, as the kiosk captures them. */
    private static final long[] TIMES = times(FLASH.totalMs(), 150);

    @Nested
    class Synthetic {
        @Test
        void skinThatFollowsTheSequenceLateByTheCameraPasses() {
            ColourFlashJudge.Result r = judge(t -> FLASH.colourAt(t - 120), FlashTint.STRENGTH, 1, 0.003);
            assertThat(r.reasons()).isEmpty();
            assertThat(r.passed()).isTrue();
            assertThat(r.score()).isGreaterThan(0.9);
            assertThat(r.lagMs()).isBetween(20, 220);
        }

        @Test
        void framesOfOneColourAreNotSeen() {
            ColourFlashJudge.Result r = judge(t -> FlashColour.RED, FlashTint.STRENGTH, 1, 0.003);
            assertThat(r.passed()).isFalse();
            assertThat(r.reasons()).containsExactly("COLOUR_FLASH_NOT_SEEN");
        }

        @Test
        void skinThatFollowsTheOppositeColoursMismatches() {
            ColourFlashJudge.Result r = judge(t -> FlashTint.opposite(FLASH.colourAt(t)), FlashTint.STRENGTH, 1,
                    0.003);
            assertThat(r.reasons()).containsExactly("COLOUR_FLASH_MISMATCH");
            assertThat(r.score()).isLessThan(0.3);
        }

        @Test
        void anotherSequenceMismatches() {
            ColourFlash other = new ColourFlash(List.of(step(FlashColour.CYAN, 600), step(FlashColour.MAGENTA, 350),
                    step(FlashColour.YELLOW, 700)));
            ColourFlashJudge.Result r = judge(other::colourAt, FlashTint.STRENGTH, 1, 0.003);
            assertThat(r.reasons()).containsExactly("COLOUR_FLASH_MISMATCH");
        }

        @Test
        void aStandInForTheFlashIsAnotherFace() {
            ColourFlashJudge.Result r = judge(FLASH::colourAt, FlashTint.STRENGTH, 2, 0.003);
            assertThat(r.reasons()).containsExactly("COLOUR_FLASH_DIFFERENT_FACES");
        }

        @Test
        void noFlashFramesAreMissing() {
            ColourFlashJudge.Result r = JUDGE.judge(FLASH, frame(1, new double[] {150, 110, 90}), List.of(),
                    new long[0]);
            assertThat(r.reasons()).containsExactly("COLOUR_FLASH_MISSING");
        }

        @Test
        void framesWithoutASkinColourAreNotSeen() {
            List<FaceAnalysis> frames = new ArrayList<>();
            for (int i = 0; i < TIMES.length; i++) {
                frames.add(frame(1, null));
            }
            assertThat(JUDGE.judge(FLASH, frame(1, null), frames, TIMES).reasons())
                    .containsExactly("COLOUR_FLASH_NOT_SEEN");
        }
    }

    @Nested
    class Timing {
        @Test
        void theKiosksTimesFit() {
            assertThat(ColourFlashJudge.timingProblem(FLASH, TIMES)).isNull();
        }

        @Test
        void timesThatDoNotFitAreNamed() {
            assertThat(ColourFlashJudge.timingProblem(FLASH, new long[] {-10, 200, 500, 900, 1300}))
                    .contains("before the flash started");
            assertThat(ColourFlashJudge.timingProblem(FLASH, new long[] {0, 450, 420, 900, 1300}))
                    .contains("in capture order");
            assertThat(ColourFlashJudge.timingProblem(FLASH, new long[] {0, 30, 450, 900, 1300}))
                    .contains("30 ms apart");
            assertThat(ColourFlashJudge.timingProblem(FLASH, new long[] {0, 450, 950, 1300, 2400}))
                    .contains("ends at 1650 ms");
            // nothing while blue (900 to 1200 ms) was on the screen
            assertThat(ColourFlashJudge.timingProblem(FLASH, new long[] {0, 450, 850, 1250, 1600}))
                    .contains("colour 3 (BLUE, 900 to 1200 ms)");
            assertThat(ColourFlashJudge.timingProblem(FLASH, times(8000, 100)))
                    .contains("at most " + ColourFlashJudge.MAX_FRAMES);
        }

        @Test
        void theJudgeRefusesTimesThatDoNotFit() {
            List<FaceAnalysis> two = List.of(frame(1, new double[] {1, 1, 1}), frame(1, new double[] {1, 1, 1}));
            assertThatThrownBy(() -> JUDGE.judge(FLASH, two.get(0), two, new long[] {0, 200}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void randomSequencesHaveFourToSixColoursNeverTwiceInARow() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            ColourFlash flash = ColourFlash.random(random);
            assertThat(flash.steps()).hasSizeBetween(ColourFlash.MIN_STEPS, ColourFlash.MAX_STEPS);
            for (int s = 0; s < flash.steps().size(); s++) {
                assertThat(flash.steps().get(s).durationMs()).isBetween(ColourFlash.MIN_MS, ColourFlash.MAX_MS);
                if (s > 0) {
                    assertThat(flash.steps().get(s).colour()).isNotEqualTo(flash.steps().get(s - 1).colour());
                }
            }
        }
    }

    /**
     * Judges synthetic frames: a skin colour lit by {@code lit(t)} at each capture time, its lit
     * channels brightened by {@code strength}, with Gaussian noise of {@code noise} (relative).
     */
    private static ColourFlashJudge.Result judge(DoubleFunction<FlashColour> lit, double strength, int person,
            double noise) {
        Random random = new Random(11);
        double[] skin = {160, 120, 100};
        List<FaceAnalysis> frames = new ArrayList<>();
        for (long t : TIMES) {
            FlashColour c = lit.apply(t);
            double[] rgb = c == null ? new double[3] : c.rgb();
            double[] measured = new double[3];
            for (int k = 0; k < 3; k++) {
                measured[k] = skin[k] * (1 + strength * rgb[k]) * (1 + noise * random.nextGaussian());
            }
            frames.add(frame(person, measured));
        }
        return JUDGE.judge(FLASH, frame(1, skin), frames, TIMES);
    }

    static long[] times(int totalMs, int everyMs) {
        long[] t = new long[totalMs / everyMs + 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = (long) i * everyMs;
        }
        return t;
    }

    private static ColourFlash.Step step(FlashColour colour, int ms) {
        return new ColourFlash.Step(colour, ms);
    }

    /** A frame of person 1 or 2 (embeddings far apart) with a skin colour. */
    private static FaceAnalysis frame(int person, double[] skin) {
        float[] e = new float[8];
        e[person] = 1;
        return new FaceAnalysis(new FaceBox(10, 10, 120, 150, 0.99), e, 0, 0, 1, Double.NaN, 0.9, "d", Double.NaN,
                skin);
    }
}
