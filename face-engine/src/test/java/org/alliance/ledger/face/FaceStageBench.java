package org.alliance.ledger.face;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alliance.ledger.face.dlib.MmodDetector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one analysis spends its time: each stage of {@link OnnxFaceEngine} on a 640x480 JPEG
 * kiosk frame, single-threaded, and each {@link AnalysisMode} end to end, for both built-in
 * model sets. Tagged {@code bench};
 * run with the command in identity-service/docs/benchmark.md. Writes
 * {@code target/face-stage-bench.md}.
 */
@Tag("bench")
class FaceStageBench {
    private static final Logger LOG = LoggerFactory.getLogger(FaceStageBench.class);
    private static final int WARM_UP = 20;
    private static final int RUNS = 100;

    /** One stage to time. */
    @FunctionalInterface
    private interface Stage {
        Object run() throws Exception;
    }

    @Test
    void stages() throws Exception {
        OnnxFaceEngine engine = FaceTestData.engine();
        byte[] jpeg = WebcamCheck.frame(WebcamCheck.FRAMES_AT.get(0));
        DecodedImage image = ImageDecoder.decode(jpeg);
        FaceBox box = engine.singleFace(image);
        double[] landmarks = engine.landmarks(image, box);
        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("decode JPEG + pixel digest", () -> ImageDecoder.decode(jpeg));
        stages.put("detector input: letterbox + resample to 320x240 (Java)",
                () -> Sampler.resize(image, new double[] {0, 0, 640, 480}, 320, 240, Sampler.Encoding.RGB_CENTRED));
        stages.put("detector (fr_detect), with its input and NMS", () -> engine.singleFace(image));
        stages.put("landmarks (fr_landmark)", () -> engine.landmarks(image, box));
        stages.put("align + embedding (fr_feature)", () -> engine.embedding(image, landmarks));
        stages.put("head pose (fr_pose)", () -> engine.headPose(image, box));
        stages.put("head pose from landmarks (LandmarkPose)", () -> LandmarkPose.estimate(landmarks));
        stages.put("eye aspect ratio (landmarks)", () -> EyeAspectRatio.of(landmarks));
        stages.put("eye state, both eyes (fr_eye)", () -> engine.eyeOpenness(image, landmarks));
        stages.put("passive liveness (fr_liveness)", () -> engine.passiveLiveness(image, box));
        for (AnalysisMode mode : AnalysisMode.values()) {
            stages.put("analyse " + mode + ", head pose from landmarks", () -> engine.analyse(jpeg, mode));
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "| stage (640x480 JPEG, one thread, %d cores) | p50 ms | p95 ms |%n|---|---|---|%n",
                Runtime.getRuntime().availableProcessors()));
        try (OnnxFaceEngine model = OnnxFaceEngine.fromClasspath(HeadPoseSource.MODEL, GraphRewrite.PRELU);
                OnnxFaceEngine published = OnnxFaceEngine.fromClasspath(HeadPoseSource.LANDMARKS, GraphRewrite.NONE)) {
            for (AnalysisMode mode : List.of(AnalysisMode.MOTION, AnalysisMode.FULL)) {
                stages.put("analyse " + mode + ", head pose from fr_pose", () -> model.analyse(jpeg, mode));
            }
            // Baselines for the graph rewrite, timed in the same run: the models as published.
            stages.put("align + embedding (fr_feature), graph rewrite none", () -> published.embedding(image, landmarks));
            stages.put("passive liveness (fr_liveness), graph rewrite none", () -> published.passiveLiveness(image, box));
            stages.put("analyse FULL, head pose from landmarks, graph rewrite none",
                    () -> published.analyse(jpeg, AnalysisMode.FULL));
            dlibStages(stages, jpeg, image);
            time(stages, report);
        }
        Files.writeString(FaceTestData.DIR.getParent().resolve("face-stage-bench.md"), report);
        LOG.info("face engine stages:\n{}", report);
    }

    /**
     * The dlib-cc0 set's own stages on the same frame: its detector's searches, its aligner and
     * ResNet; the crop models it shares with faceplugin are timed above.
     */
    private static void dlibStages(Map<String, Stage> stages, byte[] jpeg, DecodedImage image) throws Exception {
        OnnxFaceEngine dlib = FaceTestData.dlibEngine();
        FaceBox box = dlib.singleFace(image);
        float[] chip = dlib.dlibChip(image, box);
        MmodDetector.RgbImage coarse = OnnxFaceEngine.mmodInput(image, OnnxFaceEngine.MMOD_PIXELS).image();
        MmodDetector.RgbImage fine = OnnxFaceEngine.mmodInput(image, OnnxFaceEngine.MMOD_RETRY_PIXELS).image();
        stages.put("dlib-cc0: MMOD input scaled to 320x240 (Java)",
                () -> OnnxFaceEngine.mmodInput(image, OnnxFaceEngine.MMOD_PIXELS));
        stages.put("dlib-cc0: MMOD pyramid of the 320x240 input (Java)", () -> dlib.mmod().pyramid(coarse));
        stages.put("dlib-cc0: MMOD detector on the 320x240 input (pyramid, network, NMS)", () -> dlib.mmodDetections(coarse));
        stages.put("dlib-cc0: MMOD detector at 640x480, whole pyramid", () -> dlib.mmodDetections(fine));
        stages.put("dlib-cc0: detection with the reference photo's small-face search", () -> dlib.detect(image, true));
        stages.put("dlib-cc0: five-point aligner + 150x150 chip (Java)", () -> dlib.dlibChip(image, box));
        stages.put("dlib-cc0: embedding (dlib ResNet)", () -> dlib.dlibEmbedding(chip));
        for (AnalysisMode mode : AnalysisMode.values()) {
            stages.put("dlib-cc0: analyse " + mode, () -> dlib.analyse(jpeg, mode));
        }
        stages.put("dlib-cc0: MMOD detector near the face of a frame of the same capture", () -> dlib.faceNear(image, box));
        stages.put("dlib-cc0: analyse IDENTITY near the face of a frame of the same capture (a flash frame)",
                () -> dlib.analyse(jpeg, AnalysisMode.IDENTITY, box));
    }

    private static void time(Map<String, Stage> stages, StringBuilder report) throws Exception {
        for (Map.Entry<String, Stage> stage : stages.entrySet()) {
            for (int i = 0; i < WARM_UP; i++) {
                stage.getValue().run();
            }
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                stage.getValue().run();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", stage.getKey(), ms[RUNS / 2],
                    ms[(int) Math.ceil(RUNS * 0.95) - 1]));
        }
    }
}
