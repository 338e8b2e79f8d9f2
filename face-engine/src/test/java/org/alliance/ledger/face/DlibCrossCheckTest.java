package org.alliance.ledger.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The converted ResNet against dlib: every face image of the calibration set is aligned by the
 * engine (dlib's five points, 150x150 chip), the chip rounded to 8-bit RGB, and its descriptor
 * computed by the ONNX graph here and by {@code src/test/python/dlib_crosscheck.py} — dlib's own
 * {@code compute_face_descriptor} when the Python has the {@code dlib} module, else an independent
 * NumPy forward pass of the same {@code .dat} file. Each pair must agree to 1e-4 in cosine.
 *
 * <p>Tagged {@code dlib} (needs that Python, so it is run by hand):
 * <pre>
 * ./alliance mvn -o -q -pl face-engine test -Dtest=DlibCrossCheckTest -DexcludedTestTags=none \
 *   -Ddlib.python=/path/to/venv/bin/python
 * </pre>
 */
@Tag("dlib")
class DlibCrossCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(DlibCrossCheckTest.class);
    private static final double MAX_ONE_MINUS_COSINE = 1e-4;
    private final OnnxFaceEngine engine = FaceTestData.dlibEngine();

    @Test
    void onnxDescriptorsMatchTheReferenceOnAlignedChips() throws Exception {
        Path dir = FaceTestData.DIR.getParent().resolve("dlib-crosscheck");
        Files.createDirectories(dir);
        List<String> images = FaceTestData.calibrationSet().stream().map(labelled -> labelled[1]).toList();
        StringBuilder onnx = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            DecodedImage image = ImageDecoder.decode(FaceTestData.bytes(images.get(i)));
            float[] chip = engine.dlibChip(image, engine.singleFace(image));
            int plane = OnnxFaceEngine.DLIB_CHIP * OnnxFaceEngine.DLIB_CHIP;
            byte[] rgb = new byte[3 * plane];
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    // dlib takes 8-bit chips: round, and give the graph the same rounded values.
                    int v = Math.round(chip[c * plane + p]);
                    chip[c * plane + p] = v;
                    rgb[3 * p + c] = (byte) v;
                }
            }
            String name = String.format(Locale.ROOT, "chip_%03d.rgb", i);
            Files.write(dir.resolve(name), rgb);
            onnx.append(name);
            for (float v : engine.rawDlibDescriptor(chip)) {
                onnx.append(' ').append(v);
            }
            onnx.append('\n');
        }
        Files.writeString(dir.resolve("onnx.txt"), onnx, StandardCharsets.US_ASCII);

        JsonNode result = reference(dir);
        LOG.info("dlib cross-check against {}: {} chips, max 1 - cosine {}, max |difference| {}",
                result.path("reference").asText(), result.path("chips").asInt(),
                result.path("maxOneMinusCosine").asDouble(), result.path("maxAbsDiff").asDouble());
        Files.writeString(dir.resolve("result.json"), result.toPrettyString());
        assertEquals(images.size(), result.path("chips").asInt());
        assertTrue(images.size() >= 20, "at least 20 faces");
        assertTrue(result.path("maxOneMinusCosine").asDouble() <= MAX_ONE_MINUS_COSINE,
                "max 1 - cosine " + result.path("maxOneMinusCosine").asDouble());
    }

    private static JsonNode reference(Path dir) throws IOException, InterruptedException {
        Path model = FaceTestData.DIR.getParent().resolve("dlib-models/dlib_face_recognition_resnet_model_v1.dat");
        List<String> arguments = new ArrayList<>(List.of(model.toString(), dir.toString()));
        if (Boolean.getBoolean("dlib.numpy")) {
            arguments.add("--numpy");
        }
        return FaceTestData.python("dlib_crosscheck.py", dir, arguments);
    }
}
