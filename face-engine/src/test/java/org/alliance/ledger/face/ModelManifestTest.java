package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    private static final Path BUILT_MODELS = FaceTestData.DIR.getParent().resolve("classes/org/alliance/ledger/face/models");

    @Test
    void operatorDirectoryWithVerifiedModelsLoads(@TempDir Path dir) throws IOException {
        copyModels(dir);
        try (OnnxFaceEngine engine = OnnxFaceEngine.fromDirectory(dir, HeadPoseSource.LANDMARKS, GraphRewrite.PRELU)) {
            assertThat(engine.models()).isEqualTo(FaceTestData.engine().models());
            assertThat(engine.matchPolicy()).isEqualTo(FaceTestData.engine().matchPolicy());
        }
    }

    @Test
    void aTamperedModelFileIsRefusedBeforeLoading(@TempDir Path dir) throws IOException {
        copyModels(dir);
        byte[] eye = Files.readAllBytes(dir.resolve("fr_eye.onnx"));
        eye[eye.length - 1] ^= 1;
        Files.write(dir.resolve("fr_eye.onnx"), eye);
        assertThatThrownBy(() -> OnnxFaceEngine.fromDirectory(dir, HeadPoseSource.LANDMARKS, GraphRewrite.PRELU))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fr_eye.onnx").hasMessageContaining("sha256");
    }

    @Test
    void aFileThatIsNotAModelButMatchesItsChecksumIsRefusedWithEitherRewrite(@TempDir Path dir) throws IOException {
        copyModels(dir);
        byte[] notAModel = {0x0a, 0x05, 0x01};
        Files.write(dir.resolve("fr_eye.onnx"), notAModel);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(
                "1afcea006abc1ccac3c517022abde0aa092bed74ff3c9fe6878483ef9e6e38de", Hashes.sha256Hex(notAModel)));
        for (GraphRewrite rewrite : GraphRewrite.values()) {
            assertThatThrownBy(() -> OnnxFaceEngine.fromDirectory(dir, HeadPoseSource.LANDMARKS, rewrite))
                    .as("graph rewrite %s", rewrite).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot load face models");
        }
    }

    @Test
    void manifestMustNameEveryRoleAndTheMatchRates() throws IOException {
        String full = Files.readString(BUILT_MODELS.resolve("manifest.json"));
        assertThat(ModelManifest.read(stream(full)).matchPolicy().modelId()).isEqualTo("faceplugin-fr-feature@0.0.1");
        assertThatThrownBy(() -> ModelManifest.read(stream(full.replace("\"head-pose\"", "\"other\""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head-pose");
        assertThatThrownBy(() -> ModelManifest.read(stream(full.replace("\"falseMatchRate\"", "\"fmr\""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("falseMatchRate");
        assertThatThrownBy(() -> ModelManifest.read(stream(full.replace("fr_eye.onnx", "../fr_eye.onnx"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file name");
    }

    @Test
    void eachBuiltInSetNamesItselfAndALicenceThatHoldsForEveryModel() throws IOException {
        for (ModelSet set : ModelSet.values()) {
            ModelManifest manifest = ModelManifest.read(stream(Files.readString(BUILT_MODELS.resolve(set.manifest()))));
            assertThat(manifest.set().id()).isEqualTo(set.id());
            boolean allCc0 = manifest.models().stream().allMatch(m -> m.licence().equals(ModelManifest.CC0));
            assertThat(manifest.set().licence().equals(ModelManifest.CC0)).as(set.id()).isEqualTo(allCc0);
        }
        assertThat(ModelManifest.read(stream(Files.readString(BUILT_MODELS.resolve("manifest.json")))).set().licence())
                .isEqualTo("MIT (per faceplugin-face-recognition-js@0.0.1 package.json; weights' provenance unstated)");
    }

    @Test
    void aSetMustStateItsLicenceAndMayClaimCc0OnlyIfEveryModelIs() throws IOException {
        String full = Files.readString(BUILT_MODELS.resolve("manifest-dlib-cc0.json"));
        String licence = ModelManifest.read(stream(full)).set().licence();
        assertThatThrownBy(() -> ModelManifest.read(stream(full.replace("\"licence\": \"" + licence + "\",", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifest lacks \"licence\"");
        assertThatThrownBy(() -> ModelManifest.read(stream(full.replace("\"set\": \"dlib-cc0\",", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifest lacks \"set\"");
        assertThatThrownBy(() -> ModelManifest.read(stream(full.replace(licence, ModelManifest.CC0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says the set is CC0-1.0")
                .hasMessageContaining("not: fr_landmark.onnx, fr_pose.onnx, fr_eye.onnx, fr_liveness.onnx");
    }

    private static void copyModels(Path dir) throws IOException {
        try (var files = Files.list(BUILT_MODELS)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
