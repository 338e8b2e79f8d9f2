package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.face.ImageRejectedException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxFaceEngineTest {
    private static final List<FaceAnalysis> ANALYSED = new ArrayList<>();
    private static OnnxFaceEngine engine;

    @BeforeAll
    static void analyseLabelledSet() throws ImageRejectedException {
        engine = FaceTestData.engine();
        for (String[] labelled : FaceTestData.LABELLED) {
            ANALYSED.add(engine.analyse(FaceTestData.bytes(labelled[1])));
        }
    }

    @Test
    void sameLabelledPeopleMatchAndDifferentPeopleDoNotAtTheConfiguredThreshold() {
        double threshold = engine.matchPolicy().threshold();
        List<String> wrong = new ArrayList<>();
        int genuine = 0;
        for (int i = 0; i < ANALYSED.size(); i++) {
            for (int j = i + 1; j < ANALYSED.size(); j++) {
                boolean same = FaceTestData.LABELLED.get(i)[0].equals(FaceTestData.LABELLED.get(j)[0]);
                double cosine = FaceMath.cosine(ANALYSED.get(i).embedding(), ANALYSED.get(j).embedding());
                genuine += same ? 1 : 0;
                if (same != cosine >= threshold) {
                    wrong.add(FaceTestData.LABELLED.get(i)[1] + " vs " + FaceTestData.LABELLED.get(j)[1] + " = " + cosine);
                }
            }
        }
        assertThat(genuine).isGreaterThanOrEqualTo(15);
        assertThat(wrong).isEmpty();
    }

    @Test
    void embeddingsAreUnitLengthAndResultsCarryModelsAndDigest() {
        FaceAnalysis a = ANALYSED.get(0);
        double norm = 0;
        for (float v : a.embedding()) {
            norm += v * v;
        }
        assertThat(a.embedding()).hasSize(512);
        assertThat(Math.sqrt(norm)).isBetween(0.999, 1.001);
        assertThat(a.frameDigest()).matches("[0-9a-f]{64}");
        assertThat(a.box().width()).isGreaterThan(100);
        assertThat(engine.models()).extracting(ModelInfo::role).containsExactlyElementsOf(ModelManifest.ROLES);
        assertThat(engine.matchPolicy().threshold()).isBetween(0.3, 0.6);
    }

    @Test
    void decomposedPReluGivesTheSameEmbeddingsAndLivenessAsTheModelsAsPublished() throws Exception {
        // The engine under test loads the rewritten graphs (the default); this one loads the files as published.
        try (OnnxFaceEngine published = OnnxFaceEngine.fromClasspath(HeadPoseSource.LANDMARKS, GraphRewrite.NONE)) {
            for (int i = 0; i < ANALYSED.size(); i++) {
                byte[] image = FaceTestData.bytes(FaceTestData.LABELLED.get(i)[1]);
                FaceAnalysis expected = published.analyse(image, AnalysisMode.FULL);
                FaceAnalysis actual = engine.analyse(image, AnalysisMode.FULL);
                assertThat(FaceMath.cosine(actual.embedding(), expected.embedding())).as("image %d", i)
                        .isGreaterThan(0.999_999);
                for (int k = 0; k < expected.embedding().length; k++) {
                    assertThat(actual.embedding()[k]).isCloseTo(expected.embedding()[k], within(1e-5f));
                }
                assertThat(actual.passiveLiveness()).isCloseTo(expected.passiveLiveness(), within(1e-5));
                assertThat(actual.box()).isEqualTo(expected.box());
            }
        }
    }

    @Test
    void decomposedPReluGivesTheSameHeadPoseFromThePoseModel() throws Exception {
        byte[] turned = FaceTestData.videoFrame("cap13_edit2.mp4", 20.25);
        try (OnnxFaceEngine rewritten = OnnxFaceEngine.fromClasspath(HeadPoseSource.MODEL, GraphRewrite.PRELU);
                OnnxFaceEngine published = OnnxFaceEngine.fromClasspath(HeadPoseSource.MODEL, GraphRewrite.NONE)) {
            FaceAnalysis expected = published.analyse(turned, AnalysisMode.MOTION);
            FaceAnalysis actual = rewritten.analyse(turned, AnalysisMode.MOTION);
            assertThat(actual.yawDegrees()).isCloseTo(expected.yawDegrees(), within(1e-3));
            assertThat(actual.pitchDegrees()).isCloseTo(expected.pitchDegrees(), within(1e-3));
            assertThat(actual.eyeOpenness()).isCloseTo(expected.eyeOpenness(), within(1e-6));
        }
    }

    @Test
    void yawIsPositiveWhenThePersonTurnsToTheirLeft() throws ImageRejectedException {
        // cap13_edit2 at about 20.3 s: the person turns to their own left (nose moves to image right).
        double neutral = engine.analyse(FaceTestData.videoFrame("cap13_edit2.mp4", 19.5)).yawDegrees();
        double turned = engine.analyse(FaceTestData.videoFrame("cap13_edit2.mp4", 20.25)).yawDegrees();
        assertThat(turned - neutral).isGreaterThan(ChallengeLivenessJudge.TURN_DEGREES);
    }

    @Test
    void bothHeadPoseSourcesSeeTheSameTurn() throws Exception {
        byte[] neutralImage = FaceTestData.videoFrame("cap13_edit2.mp4", 19.5);
        byte[] turnedImage = FaceTestData.videoFrame("cap13_edit2.mp4", 20.25);
        try (OnnxFaceEngine model = OnnxFaceEngine.fromClasspath(HeadPoseSource.MODEL, GraphRewrite.PRELU)) {
            double modelTurn = model.analyse(turnedImage, AnalysisMode.MOTION).yawDegrees()
                    - model.analyse(neutralImage, AnalysisMode.MOTION).yawDegrees();
            double landmarkTurn = engine.analyse(turnedImage, AnalysisMode.MOTION).yawDegrees()
                    - engine.analyse(neutralImage, AnalysisMode.MOTION).yawDegrees();
            assertThat(modelTurn).isGreaterThan(ChallengeLivenessJudge.TURN_DEGREES);
            assertThat(landmarkTurn).isGreaterThan(ChallengeLivenessJudge.TURN_DEGREES);
        }
        FaceAnalysis identity = engine.analyse(neutralImage, AnalysisMode.IDENTITY);
        assertThat(identity.yawDegrees()).isNaN();
        assertThat(identity.eyeAspectRatio()).isNaN();
        assertThat(engine.analyse(neutralImage, AnalysisMode.MOTION).eyeAspectRatio()).isBetween(0.15, 0.45);
    }

    @Test
    void plainImageHasNoFace() {
        BufferedImage plain = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = plain.createGraphics();
        g.setColor(new Color(120, 140, 160));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        assertRejected(FaceTestData.encode(plain, "png"), Reason.NO_FACE);
    }

    @Test
    void twoFacesSideBySideAreRefused() {
        BufferedImage left = FaceTestData.image("franck_01829.jpg");
        BufferedImage right = FaceTestData.image("cage.jpg");
        BufferedImage both = new BufferedImage(720, 288, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, 360, 288, null);
        g.drawImage(right, 360, 0, 360, 288, null);
        g.dispose();
        assertRejected(FaceTestData.encode(both, "png"), Reason.MULTIPLE_FACES);
    }

    @Test
    void tinyFaceIsLowQuality() {
        BufferedImage source = FaceTestData.image("franck_01829.jpg");
        BufferedImage small = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = small.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 640, 480);
        g.drawImage(source, 280, 200, 120, 96, null);
        g.dispose();
        assertRejected(FaceTestData.encode(small, "png"), Reason.LOW_QUALITY);
    }

    private static void assertRejected(byte[] image, Reason reason) {
        assertThatThrownBy(() -> engine.analyse(image)).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
