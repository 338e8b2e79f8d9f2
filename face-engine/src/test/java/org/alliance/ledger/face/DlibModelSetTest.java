package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.alliance.ledger.face.dlib.DlibNet;
import org.alliance.ledger.face.dlib.ShapePredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dlib-cc0 model set as the engine loads it from the build's output. */
class DlibModelSetTest {
    private static final Path BUILT_MODELS = FaceTestData.DIR.getParent().resolve("classes/org/alliance/ledger/face/models");
    private final OnnxFaceEngine engine = FaceTestData.dlibEngine();

    @Test
    void theSetNamesEachModelWithItsHashAndLicence() {
        ModelInfo embedding = engine.models().stream().filter(m -> m.role().equals("embedding")).findFirst().orElseThrow();
        ModelInfo alignment = engine.models().stream().filter(m -> m.role().equals("alignment")).findFirst().orElseThrow();
        ModelInfo detector = engine.models().stream().filter(m -> m.role().equals("detector")).findFirst().orElseThrow();
        assertThat(detector.licence()).isEqualTo("CC0-1.0");
        assertThat(detector.sha256()).isEqualTo("062b7da32a49b81143c58df444c75ec69733e29eeaa7d69058d2344a14022546");
        assertThat(embedding.licence()).isEqualTo("CC0-1.0");
        assertThat(embedding.sourcePackage()).startsWith("pypi:face_recognition_models@0.3.0");
        // The converter's output, byte for byte: the engine verified it against this hash to load.
        assertThat(embedding.sha256()).isEqualTo("fa2e9e07743b50304aaaf5947afc50af340e08c24f7bdb4a1bd355aa4c056129");
        assertThat(alignment.licence()).isEqualTo("CC0-1.0");
        assertThat(engine.matchPolicy().modelId()).isEqualTo("dlib-face-recognition-resnet-v1@1-onnx");
        assertThat(engine.modelSet().id()).isEqualTo("dlib-cc0");
        assertThat(engine.modelSet().licence()).startsWith("CC0-1.0 for detection, alignment and embedding;");
    }

    @Test
    void theSameFaceMatchesAndAnotherDoesNot() throws ImageRejectedException {
        float[] obama = engine.analyse(FaceTestData.bytes("obama.jpg"), AnalysisMode.IDENTITY).embedding();
        float[] obama2 = engine.analyse(FaceTestData.bytes("obama2.jpg"), AnalysisMode.IDENTITY).embedding();
        float[] biden = engine.analyse(FaceTestData.bytes("biden.jpg"), AnalysisMode.IDENTITY).embedding();
        assertThat(obama).hasSize(128);
        double threshold = engine.matchPolicy().threshold();
        assertThat(FaceMath.cosine(obama, obama2)).isGreaterThanOrEqualTo(threshold);
        assertThat(FaceMath.cosine(obama, biden)).isLessThan(threshold);
    }

    @Test
    void dlibsFivePointsLieOnTheEyesAndNose() throws Exception {
        DecodedImage image = ImageDecoder.decode(FaceTestData.bytes("obama.jpg"));
        FaceBox box = engine.singleFace(image);
        double[] dlib = engine.dlibFivePoints(image, box);
        double[] ours = OnnxFaceEngine.fivePoints(engine.landmarks(image, box));
        // dlib: corners of the eye on the image's right (0, 1), of the other eye (2, 3), nose base (4);
        // the 68-point model's eye centres are points 0 and 1 of ours.
        double rightEyeX = (dlib[0] + dlib[2]) / 2;
        double leftEyeX = (dlib[4] + dlib[6]) / 2;
        assertThat(Math.abs(rightEyeX - ours[2])).isLessThan(box.width() * 0.05);
        assertThat(Math.abs(leftEyeX - ours[0])).isLessThan(box.width() * 0.05);
        assertThat(dlib[9]).isBetween(Math.max(ours[1], ours[3]), Math.min(ours[7], ours[9]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dlib_face_recognition_resnet_model_v1.onnx", "shape_predictor_5_face_landmarks.dat",
        "mmod_human_face_detector.onnx"})
    void aTamperedDlibModelIsRefusedNamingTheFile(String file, @TempDir Path dir) throws IOException {
        try (var files = Files.list(BUILT_MODELS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.move(dir.resolve("manifest-dlib-cc0.json"), dir.resolve("manifest.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(dir.resolve(file));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve(file), bytes);
        assertThatThrownBy(() -> OnnxFaceEngine.fromDirectory(dir, HeadPoseSource.LANDMARKS, GraphRewrite.PRELU))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file).hasMessageContaining("sha256");
    }

    @Test
    void truncatedOrForeignDlibFilesAreRefusedWithTheOffset() throws IOException {
        byte[] predictor = Files.readAllBytes(BUILT_MODELS.resolve("shape_predictor_5_face_landmarks.dat"));
        assertThatThrownBy(() -> ShapePredictor.read(new ByteArrayInputStream(Arrays.copyOf(predictor, 100_000))))
                .isInstanceOf(IOException.class).hasMessageContaining("ends at byte 100000");
        assertThatThrownBy(() -> DlibNet.read(new ByteArrayInputStream(predictor)))
                .isInstanceOf(IOException.class).hasMessageContaining("byte");
    }
}
