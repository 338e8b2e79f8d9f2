package org.alliance.ledger.service.identity.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.alliance.ledger.face.AnalysisMode;
import org.alliance.ledger.face.FaceAnalysis;
import org.alliance.ledger.service.testkit.FakeFaceEngine;
import org.alliance.ledger.service.problem.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageAnalyserTest {
    private static ImageAnalyser.Job job(String script, String part, AnalysisMode mode) {
        return new ImageAnalyser.Job(script.getBytes(StandardCharsets.UTF_8), part, mode);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void resultsKeepRequestOrderAndEachImageGetsItsMode(int parallelism) {
        try (ImageAnalyser analyser = new ImageAnalyser(new FakeFaceEngine(), parallelism)) {
            List<FaceAnalysis> out = analyser.analyseAll(List.of(
                    job("FACE person=a yaw=1 n=0", "referencePhoto", AnalysisMode.REFERENCE),
                    job("FACE person=a yaw=2 live=0.7 n=1", "frames[0]", AnalysisMode.FULL),
                    job("FACE person=a yaw=3 n=2", "frames[1]", AnalysisMode.MOTION)));
            assertThat(out).extracting(FaceAnalysis::yawDegrees).containsExactly(Double.NaN, 2.0, 3.0);
            assertThat(out).extracting(FaceAnalysis::passiveLiveness).containsExactly(Double.NaN, 0.7, Double.NaN);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theFirstBadImageInRequestOrderDecidesTheRefusal(int parallelism) {
        try (ImageAnalyser analyser = new ImageAnalyser(new FakeFaceEngine(), parallelism)) {
            List<ImageAnalyser.Job> jobs = List.of(job("FACE person=a n=0", "referencePhoto", AnalysisMode.REFERENCE),
                    job("REJECT NO_FACE", "frames[0]", AnalysisMode.FULL),
                    job("not an image", "frames[1]", AnalysisMode.MOTION));
            assertThatThrownBy(() -> analyser.analyseAll(jobs)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.reason()).isEqualTo("NO_FACE");
                assertThat(e.properties()).containsEntry("field", "frames[0]");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aGuidedImageIsAnalysedWithItsGuidesFaceAndARefusedGuideDecides(int parallelism) {
        FakeFaceEngine fake = new FakeFaceEngine();
        try (ImageAnalyser analyser = new ImageAnalyser(fake, parallelism)) {
            List<FaceAnalysis> out = analyser.analyseAll(List.of(
                    job("FACE person=a n=0", "referencePhoto", AnalysisMode.REFERENCE),
                    job("FACE person=a n=1", "frames[0]", AnalysisMode.FULL),
                    new ImageAnalyser.Job("FACE person=a n=2".getBytes(StandardCharsets.UTF_8), "flashFrames[0]",
                            AnalysisMode.IDENTITY, 1),
                    new ImageAnalyser.Job("FACE person=a n=3".getBytes(StandardCharsets.UTF_8), "flashFrames[1]",
                            AnalysisMode.IDENTITY, 1)));
            assertThat(out).hasSize(4);
            assertThat(fake.hints()).hasSize(2).containsOnly(out.get(1).box());
            List<ImageAnalyser.Job> refusedGuide = List.of(job("FACE person=a n=0", "referencePhoto", AnalysisMode.REFERENCE),
                    job("REJECT MULTIPLE_FACES", "frames[0]", AnalysisMode.FULL),
                    new ImageAnalyser.Job("FACE person=a n=2".getBytes(StandardCharsets.UTF_8), "flashFrames[0]",
                            AnalysisMode.IDENTITY, 1));
            assertThatThrownBy(() -> analyser.analyseAll(refusedGuide)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.properties()).containsEntry("field", "frames[0]"));
            List<ImageAnalyser.Job> forward = List.of(new ImageAnalyser.Job(new byte[0], "frames[0]", AnalysisMode.FULL, 0));
            assertThatThrownBy(() -> analyser.analyseAll(forward)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void negativeParallelismIsRefused() {
        assertThatThrownBy(() -> new ImageAnalyser(new FakeFaceEngine(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
