package org.alliance.ledger.face;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges whether the skin of the filmed face changed colour as the screen's {@link ColourFlash}
 * did: a live face in front of the screen reflects each colour while it is shown; a recording made
 * earlier, or a video fed in place of the camera, shows another sequence or none.
 *
 * <p>Each frame's {@link FaceAnalysis#skinRgb() skin colour} is divided, channel by channel, by the
 * mean over the flash frames: that white-balance normalisation removes the person's skin tone, the
 * room's light and the camera's colour balance, which stay the same during the flash and differ
 * between people and places. What is left, in log chromaticity (the log of each channel minus the
 * mean of the three logs), is the change the screen's light made. The judge correlates that
 * change with the chromaticity of the colour on the screen at each frame's capture time ({@link
 * FlashColour#chroma()}), trying every camera delay from {@link #LAG_MIN_MS} to {@link #LAG_MAX_MS}
 * (a camera sees the screen a little late), and keeps the best correlation as the score.
 *
 * <p>The frames pass if the colour changed at all ({@link #MIN_AMPLITUDE}) and the score reaches
 * {@link #THRESHOLD}; both were calibrated on the webcam video of the tests (identity-service
 * docs/kiosk.md has the figures and the command).
 */
public final class ColourFlashJudge {
    /** The most flash frames one check may carry: each costs a face analysis. */
    public static final int MAX_FRAMES = 40;
    /** The shortest time between two flash frames, in milliseconds (at most 12.5 frames a second). */
    public static final int MIN_GAP_MS = 80;
    /** How long after the last colour a frame may still be captured, in milliseconds. */
    public static final int TAIL_MS = 500;
    /** The earliest camera delay tried: a frame stamped a little before the screen changed. */
    static final int LAG_MIN_MS = -60;
    /** The latest camera delay tried. */
    static final int LAG_MAX_MS = 300;
    static final int LAG_STEP_MS = 20;
    /**
     * The least root-mean-square change of log chromaticity, over the flash frames, that counts as
     * a colour change at all. Below it the frames are one colour: nothing was flashed, or a still
     * image was sent. It only names that plainest case: a person moving in the room's light alone
     * reached 0.045 in the calibration (a face lit by a flash 0.052 and more), and the correlation
     * is what rejects such frames.
     */
    static final double MIN_AMPLITUDE = 0.04;
    /**
     * The least correlation of observed and expected colour change that passes: live frames
     * scored 0.888 and more in the calibration, replays and unlit frames 0.724 and less.
     */
    static final double THRESHOLD = 0.8;
    /**
     * The least cosine between one colour's observed change and its expected change that counts
     * as that colour seen: 0.5 is within 60°, the spacing of the palette, so a colour seen as its
     * neighbour at worst. Replays scored 0.334 and less in the calibration; live frames 0.754 and
     * more, but for one trial at half the flash strength in which one colour went unseen.
     */
    static final double STEP_AGREEMENT = 0.5;

    private final double sameFaceThreshold;

    /**
     * Creates a judge.
     *
     * @param sameFaceThreshold the cosine at or above which two frames show the same person
     *     (the engine's {@link MatchPolicy#threshold()}): every flash frame must show the person of
     *     the neutral frame, or a live stand-in could answer the flash for a recording
     */
    public ColourFlashJudge(double sameFaceThreshold) {
        if (!(sameFaceThreshold > -1 && sameFaceThreshold < 1)) {
            throw new IllegalArgumentException("same-face threshold must be in (-1, 1)");
        }
        this.sameFaceThreshold = sameFaceThreshold;
    }

    /**
     * The outcome of judging the flash frames.
     *
     * @param passed whether the skin followed the sequence
     * @param reasons reason codes when it did not: {@code COLOUR_FLASH_MISSING} (no flash frames),
     *     {@code COLOUR_FLASH_DIFFERENT_FACES}, {@code COLOUR_FLASH_NOT_SEEN} (no colour change),
     *     {@code COLOUR_FLASH_MISMATCH} (a change that does not follow the sequence)
     * @param score the best correlation over the delays tried, -1 to 1 (0 when not measured)
     * @param stepAgreement at that delay, the least agreement of one colour's frames with that
     *     colour, -1 to 1
     * @param amplitude the root-mean-square change of log chromaticity
     * @param lagMs the camera delay of the best correlation
     */
    public record Result(boolean passed, List<String> reasons, double score, double stepAgreement, double amplitude,
            int lagMs) {
        /** Copies the reasons. */
        public Result {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * Why frame capture times do not fit a sequence, or null if they do. They fit when they rise
     * by at least {@link #MIN_GAP_MS}, start at 0 or later, end by {@link #TAIL_MS} after the last
     * colour, number at most {@link #MAX_FRAMES}, and every colour has a frame captured while it
     * was shown. Times that do not fit are not a liveness question but malformed input: a kiosk
     * that ran the sequence produces fitting times whatever the face does.
     *
     * @param flash the sequence
     * @param timesMs each frame's capture time, milliseconds since the first colour appeared
     * @return the problem, or null
     */
    public static String timingProblem(ColourFlash flash, long[] timesMs) {
        if (timesMs.length > MAX_FRAMES) {
            return "at most " + MAX_FRAMES + " flash frames are accepted, not " + timesMs.length;
        }
        for (int i = 0; i < timesMs.length; i++) {
            if (timesMs[i] < 0) {
                return "flash frame " + i + " is stamped " + timesMs[i] + " ms, before the flash started";
            }
            if (i > 0 && timesMs[i] - timesMs[i - 1] < MIN_GAP_MS) {
                return "flash frames " + (i - 1) + " and " + i + " are " + (timesMs[i] - timesMs[i - 1])
                        + " ms apart; at least " + MIN_GAP_MS + " ms, in capture order, are expected";
            }
        }
        if (timesMs.length > 0 && timesMs[timesMs.length - 1] > flash.totalMs() + TAIL_MS) {
            return "flash frame " + (timesMs.length - 1) + " is stamped " + timesMs[timesMs.length - 1]
                    + " ms, but the sequence ends at " + flash.totalMs() + " ms";
        }
        long start = 0;
        for (int s = 0; s < flash.steps().size(); s++) {
            long end = start + flash.steps().get(s).durationMs();
            boolean seen = false;
            for (long t : timesMs) {
                seen |= t >= start && t < end;
            }
            if (!seen) {
                return "no flash frame was captured while colour " + (s + 1) + " (" + flash.steps().get(s).colour()
                        + ", " + start + " to " + end + " ms) was shown";
            }
            start = end;
        }
        return null;
    }

    /**
     * Judges flash frames against the sequence. Their times must fit it ({@link #timingProblem}).
     *
     * @param flash the sequence the screen showed
     * @param neutral the challenge's neutral frame, whose person the flash frames must show
     * @param frames the analysed flash frames, in capture order
     * @param timesMs their capture times, milliseconds since the first colour appeared
     * @return the result
     * @throws IllegalArgumentException if the times do not fit the sequence or the frames
     */
    public Result judge(ColourFlash flash, FaceAnalysis neutral, List<FaceAnalysis> frames, long[] timesMs) {
        if (frames.isEmpty()) {
            return new Result(false, List.of("COLOUR_FLASH_MISSING"), 0, 0, 0, 0);
        }
        if (frames.size() != timesMs.length || timingProblem(flash, timesMs) != null) {
            throw new IllegalArgumentException("flash frame times do not fit the sequence");
        }
        List<String> reasons = new ArrayList<>();
        if (frames.stream().anyMatch(f -> FaceMath.cosine(neutral.embedding(), f.embedding()) < sameFaceThreshold)) {
            reasons.add("COLOUR_FLASH_DIFFERENT_FACES");
        }
        Score score = score(flash, frames.stream().map(FaceAnalysis::skinRgb).toList(), timesMs);
        if (!(score.amplitude() >= MIN_AMPLITUDE)) {
            reasons.add("COLOUR_FLASH_NOT_SEEN");
        } else if (!(score.correlation() >= THRESHOLD) || !(score.leastStep() >= STEP_AGREEMENT)) {
            reasons.add("COLOUR_FLASH_MISMATCH");
        }
        return new Result(reasons.isEmpty(), reasons, score.correlation(), score.leastStep(), score.amplitude(),
                score.lagMs());
    }

    /**
     * How well measured skin colours follow a sequence.
     *
     * @param correlation the best correlation over the delays tried, or 0 if none could be computed
     * @param leastStep at that delay, the least agreement of one colour's frames with the colour
     * @param amplitude the root-mean-square change of log chromaticity, NaN if a colour is missing
     * @param lagMs the delay of the best correlation
     */
    record Score(double correlation, double leastStep, double amplitude, int lagMs) {
    }

    /**
     * Scores skin colours against a sequence.
     *
     * @param flash the sequence
     * @param skinRgb each frame's mean skin red, green and blue
     * @param timesMs each frame's capture time
     * @return the score
     */
    static Score score(ColourFlash flash, List<double[]> skinRgb, long[] timesMs) {
        int n = skinRgb.size();
        double[][] logs = new double[n][3];
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            double[] rgb = skinRgb.get(i);
            for (int c = 0; c < 3; c++) {
                if (rgb == null || !(rgb[c] > 0)) {
                    return new Score(0, 0, Double.NaN, 0);
                }
                logs[i][c] = Math.log(rgb[c]);
                mean[c] += logs[i][c] / n;
            }
        }
        // Normalised by the mean over the frames (white balance), then in log chromaticity: the
        // log of each channel minus the mean of the three, so brightness drops out.
        double[][] chroma = new double[n][3];
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double[] d = {logs[i][0] - mean[0], logs[i][1] - mean[1], logs[i][2] - mean[2]};
            double grey = (d[0] + d[1] + d[2]) / 3;
            for (int c = 0; c < 3; c++) {
                chroma[i][c] = d[c] - grey;
                sumSq += chroma[i][c] * chroma[i][c];
            }
        }
        double amplitude = Math.sqrt(sumSq / n);
        double[] best = {0, 0};
        int bestLag = 0;
        for (int lag = LAG_MIN_MS; lag <= LAG_MAX_MS; lag += LAG_STEP_MS) {
            double[] r = correlation(flash, chroma, timesMs, lag);
            if (r[0] > best[0]) {
                best = r;
                bestLag = lag;
            }
        }
        return new Score(best[0], best[1], amplitude, bestLag);
    }

    /**
     * At one delay, over the frames captured while a colour was shown: the correlation of observed
     * and expected chromaticity, each centred on its own mean over those frames, and the least
     * agreement of any one colour (the cosine between its frames' mean observed change and its
     * expected change). The correlation is what the majority of frames say; the least agreement
     * makes sure every colour was seen, so a recording that happens to match most of the sequence
     * still fails on the colour it got wrong.
     */
    private static double[] correlation(ColourFlash flash, double[][] chroma, long[] timesMs, int lag) {
        List<double[]> observed = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        List<Integer> step = new ArrayList<>();
        for (int i = 0; i < chroma.length; i++) {
            int shown = flash.stepAt(timesMs[i] - lag);
            if (shown >= 0) {
                observed.add(chroma[i]);
                expected.add(flash.steps().get(shown).colour().chroma());
                step.add(shown);
            }
        }
        if (observed.size() < 2) {
            return new double[] {0, 0};
        }
        double[] meanObserved = centre(observed);
        double[] meanExpected = centre(expected);
        int steps = flash.steps().size();
        double[][] stepObserved = new double[steps][3];
        double[][] stepExpected = new double[steps][3];
        double dot = 0;
        double oo = 0;
        double ee = 0;
        for (int i = 0; i < observed.size(); i++) {
            for (int c = 0; c < 3; c++) {
                double o = observed.get(i)[c] - meanObserved[c];
                double e = expected.get(i)[c] - meanExpected[c];
                dot += o * e;
                oo += o * o;
                ee += e * e;
                stepObserved[step.get(i)][c] += o;
                stepExpected[step.get(i)][c] = e;
            }
        }
        double least = 1;
        for (int s = 0; s < steps; s++) {
            least = Math.min(least, cosine(stepObserved[s], stepExpected[s]));
        }
        return new double[] {oo == 0 || ee == 0 ? 0 : dot / Math.sqrt(oo * ee), least};
    }

    private static double cosine(double[] a, double[] b) {
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        double norms = Math.sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]));
        return norms == 0 ? 0 : dot / norms;
    }

    private static double[] centre(List<double[]> vectors) {
        double[] mean = new double[3];
        for (double[] v : vectors) {
            for (int c = 0; c < 3; c++) {
                mean[c] += v[c] / vectors.size();
            }
        }
        return mean;
    }
}
