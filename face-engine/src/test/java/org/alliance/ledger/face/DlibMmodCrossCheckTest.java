package org.alliance.ledger.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The converted MMOD detector, with the Java pyramid and decoding, against dlib's own
 * {@code cnn_face_detection_model_v1} on the same 8-bit pixels: every image of the calibration
 * set at the size the engine gives the detector first (320x240 pixels' worth) and at its full
 * size, up to 640x480 pixels' worth. Every detection of either side scoring at least
 * {@value #CLEAR_SCORE} must have a partner on the other with IoU at least {@value #MIN_IOU}
 * and a score within {@value #MAX_SCORE_GAP}.
 *
 * <p>Tagged {@code dlib} (needs a Python with the {@code dlib} module, so it is run by hand):
 * <pre>
 * ./alliance mvn -o -q -pl face-engine test -Dtest=DlibMmodCrossCheckTest -DexcludedTestTags=none \
 *   -Ddlib.python=/path/to/venv/bin/python
 * </pre>
 */
@Tag("dlib")
class DlibMmodCrossCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(DlibMmodCrossCheckTest.class);
    private static final double MIN_IOU = 0.9;
    private static final double MAX_SCORE_GAP = 0.01;
    /** Detections this close to dlib's threshold (0) may fall on either side of it. */
    private static final double CLEAR_SCORE = 0.02;
    private final OnnxFaceEngine engine = FaceTestData.dlibEngine();

    @Test
    void boxesAndScoresMatchDlibs() throws Exception {
        Path dir = FaceTestData.DIR.getParent().resolve("dlib-mmod-crosscheck");
        Files.createDirectories(dir);
        Map<String, List<MmodDetector.Detection>> ours = new LinkedHashMap<>();
        List<String[]> images = FaceTestData.calibrationSet();
        long javaNanos = 0;
        for (int i = 0; i < images.size(); i++) {
            DecodedImage image = ImageDecoder.decode(FaceTestData.bytes(images.get(i)[1]));
            for (int pixels : new int[] {OnnxFaceEngine.MMOD_PIXELS, OnnxFaceEngine.MMOD_RETRY_PIXELS}) {
                MmodDetector.RgbImage input = OnnxFaceEngine.mmodInput(image, pixels).image();
                String stem = String.format(Locale.ROOT, "image_%03d_%d", i, pixels);
                byte[] rgb = new byte[input.width() * input.height() * 3];
                for (int y = 0; y < input.height(); y++) {
                    for (int x = 0; x < input.width(); x++) {
                        for (int c = 0; c < 3; c++) {
                            rgb[(y * input.width() + x) * 3 + c] = (byte) input.rgb(x, y, c);
                        }
                    }
                }
                Files.write(dir.resolve(stem + ".rgb"), rgb);
                Files.writeString(dir.resolve(stem + ".size"), input.width() + " " + input.height());
                long t0 = System.nanoTime();
                ours.put(stem, engine.mmodDetections(input));
                javaNanos += System.nanoTime() - t0;
            }
        }
        JsonNode dlib = reference(dir);
        JsonNode reference = dlib.path("images");
        int matched = 0;
        double minIou = 1;
        double maxScoreGap = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, List<MmodDetector.Detection>> e : ours.entrySet()) {
            List<double[]> theirs = new ArrayList<>();
            for (JsonNode d : reference.path(e.getKey())) {
                theirs.add(new double[] {d.get(0).asDouble(), d.get(1).asDouble(), d.get(2).asDouble(),
                    d.get(3).asDouble(), d.get(4).asDouble()});
            }
            List<double[]> mine = e.getValue().stream().map(d -> new double[] {d.rect().left(), d.rect().top(),
                d.rect().right(), d.rect().bottom(), d.confidence()}).toList();
            report.append(e.getKey()).append(": java ").append(describe(mine)).append(" dlib ").append(describe(theirs))
                    .append('\n');
            for (int side = 0; side < 2; side++) {
                List<double[]> from = side == 0 ? mine : theirs;
                List<double[]> to = side == 0 ? theirs : mine;
                for (double[] d : from) {
                    if (d[4] < CLEAR_SCORE) {
                        continue;
                    }
                    double[] best = to.stream().max((a, b) -> Double.compare(iou(a, d), iou(b, d))).orElse(null);
                    assertTrue(best != null, e.getKey() + ": no partner for " + describe(List.of(d)));
                    minIou = Math.min(minIou, iou(best, d));
                    maxScoreGap = Math.max(maxScoreGap, Math.abs(best[4] - d[4]));
                    matched += side == 0 ? 1 : 0;
                }
            }
        }
        Files.writeString(dir.resolve("result.txt"), report, StandardCharsets.US_ASCII);
        LOG.info("MMOD cross-check against dlib {}: {} inputs, {} detections matched, min IoU {}, max score gap {},"
                + " Java detector {} ms per input\n{}", dlib.path("dlib").asText(), ours.size(), matched, minIou,
                maxScoreGap, javaNanos / 1e6 / ours.size(), report);
        Files.writeString(dir.resolve("summary.txt"), String.format(Locale.ROOT,
                "dlib %s: %d inputs, %d detections matched, min IoU %.4f, max score gap %.2e%n", dlib.path("dlib").asText(),
                ours.size(), matched, minIou, maxScoreGap));
        assertEquals(2 * images.size(), ours.size());
        assertTrue(matched >= images.size(), "every image has its face: " + matched);
        assertTrue(minIou >= MIN_IOU, "min IoU " + minIou);
        assertTrue(maxScoreGap <= MAX_SCORE_GAP, "max score gap " + maxScoreGap);
    }

    /** IoU of inclusive rectangles {left, top, right, bottom, ...}. */
    private static double iou(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1;
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1;
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0] + 1) * (a[3] - a[1] + 1) + (b[2] - b[0] + 1) * (b[3] - b[1] + 1) - inter);
    }

    private static String describe(List<double[]> detections) {
        StringBuilder sb = new StringBuilder("[");
        for (double[] d : detections) {
            sb.append(String.format(Locale.ROOT, " (%.0f,%.0f,%.0f,%.0f %.4f)", d[0], d[1], d[2], d[3], d[4]));
        }
        return sb.append(" ]").toString();
    }

    private static JsonNode reference(Path dir) throws IOException, InterruptedException {
        Path model = FaceTestData.DIR.getParent().resolve("dlib-models/mmod_human_face_detector.dat");
        return FaceTestData.python("dlib_mmod_crosscheck.py", dir, List.of(model.toString(), dir.toString()));
    }
}
