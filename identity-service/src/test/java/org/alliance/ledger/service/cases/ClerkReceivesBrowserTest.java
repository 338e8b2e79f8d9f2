package org.alliance.ledger.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.service.identity.check.IdentityCheckService;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Attestations;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.DeskPages;
import org.alliance.ledger.service.testkit.FakeCamera;
import org.alliance.ledger.service.testkit.QrPictures;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A clerk at the window, in Debian's Chromium (headless, Playwright), files cases with only what a
 * clerk has: the applicant's kiosk check, as the QR code the kiosk shows (a picture of it chosen,
 * or held up to the camera: Chromium's fake camera showing it), or the ID card's number, and the
 * agreement's catalogue, from which the item and the home region are picked by name. The page
 * records every text typed into it: nothing but the ID number is typed, no hex, no code. The
 * materials are hashed in the browser, and the record on its way to the ledger carries their
 * hashes and the subject reference the service derived. A check that is unknown, expired or of
 * another person than the ID card shown gets a clear message and opens no case. A write still on
 * its way to the ledger is shown as such; an approved case leaves the approver's worklist at once.
 * The outbox is drained by the test, so what is pending stays pending until it does. Screenshots
 * go to {@code target/screenshots/clerk-*.png}.
 */
@Tag("browser")
class ClerkReceivesBrowserTest extends ServiceTestBase {
    private static final String OTHER_ID_NUMBER = "440507197707073226";
    private static final String HOUSING_FUND_TITLE = "住房公积金提取";
    /** Every text typed into a text field of the page: its field and value (sign-in aside). */
    private static final String RECORD_TYPING = """
            window.__typed = [];
            document.addEventListener('input', (e) => {
              const f = e.target;
              if (f.matches && f.matches('input[type=text], input:not([type]), textarea') && !f.id.startsWith('login-')) {
                window.__typed.push({ field: f.id, value: f.value });
              }
            }, true);""";

    @LocalServerPort
    int port;
    @Autowired
    private IdentityCheckService identity;

    @TempDir
    Path work;

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theKioskQrCodeAsAPictureOrThroughTheCameraAndTheCatalogueAreEnough() throws Exception {
        String attestation = kioskCheck();
        // The QR code exactly as the kiosk shows it, drawn from the service's SVG.
        BufferedImage qr = kioskQr(attestation);
        Path picture = QrPictures.png(qr, work.resolve("kiosk-qr.png"));
        Path video = FakeCamera.video(work.resolve("kiosk-qr.y4m"), 10, List.of(QrPictures.framed(qr, 640, 480)), 10);
        browser = Browser.launch(work.resolve("profile"), 1200, 1600, FakeCamera.args(video));
        Page window = windowPage();
        Path application = Files.writeString(work.resolve("application.txt"), "养老保险关系转移申请");
        Path contributions = Files.writeString(work.resolve("contributions.txt"), "参保缴费凭证 2019-2026");

        // The item from the catalogue: its title, home-region rule, time limit and materials.
        DeskPages.chooseItem(window, DeskPages.PENSION_TRANSFER_TITLE);
        assertThat(window.textContent("#item-home-rule")).isEqualTo("参保人最后参保地");
        assertThat(window.getAttribute("#item-time-limit", "data-days")).isEqualTo("15");
        assertThat(window.textContent("#item-time-limit")).isEqualTo("15 个工作日");
        assertThat(window.textContent("#item-materials")).isEqualTo("身份证件、转移接续申请表、参保缴费凭证");
        assertThat(window.locator("#homeOrg option").allTextContents()).containsExactly("漳州市", "潮州市", "汕头市");
        window.selectOption("#homeOrg", new SelectOption().setLabel("潮州市"));
        // The applicant: a picture of the kiosk's QR code.
        window.setInputFiles("#attestationQr", picture);
        window.waitForSelector("#applicant-check-summary[data-decision=ACCEPTED], #error:not([hidden])");
        assertNoError(window);
        assertThat(window.inputValue("#attestationId")).isEqualTo(attestation);
        window.setInputFiles("#material-file-transfer-application", application);
        window.setInputFiles("#material-file-contribution-record", contributions);
        window.waitForSelector("#material-hashes[data-count='2']");
        assertThat(window.textContent("#material-hash-transfer-application")).isEqualTo(sha256(application));
        shot(window, "qr-1-picture-form");
        String first = receive(window);
        assertThat(window.textContent("#case-item")).isEqualTo(DeskPages.PENSION_TRANSFER_TITLE);
        assertThat(window.textContent("#case-home-org")).isEqualTo("潮州市");
        assertThat(window.getAttribute("#case-home-org", "data-org")).isEqualTo(DemoAlliance.CHAOZHOU);
        assertThat(window.inputValue("#attestationId")).isEmpty();
        CaseBody filed = filed(first);
        assertThat(filed.attestationId()).isEqualTo(attestation);
        assertThat(filed.subjectRef()).isEqualTo(identity.subjectReference(Checks.ID_NUMBER));
        assertThat(filed.materialHashes()).containsExactlyInAnyOrder(
                new DocumentHash("transfer-application", "sha256", sha256(application)),
                new DocumentHash("contribution-record", "sha256", sha256(contributions)));
        shot(window, "qr-2-picture-received");

        // Another item, another home region, the same check through the camera.
        DeskPages.chooseItem(window, HOUSING_FUND_TITLE);
        assertThat(window.textContent("#item-home-rule")).isEqualTo("公积金账户所在地");
        window.selectOption("#homeOrg", new SelectOption().setLabel("汕头市"));
        window.click("#scan-attestation");
        window.waitForFunction("id => document.getElementById('attestationId').value === id"
                + " || !document.getElementById('error').hidden", attestation);
        assertNoError(window);
        window.waitForSelector("#applicant-check-summary[data-decision=ACCEPTED]");
        assertThat(window.isVisible("#scanner")).isFalse();
        Path bankCard = Files.writeString(work.resolve("bank-card.txt"), "银行卡 6222 ****");
        window.setInputFiles("#material-file-bank-card", bankCard);
        window.waitForSelector("#material-hashes[data-count='1']");
        shot(window, "qr-3-camera-form");
        String second = receive(window);
        assertThat(window.textContent("#case-item")).isEqualTo(HOUSING_FUND_TITLE);
        assertThat(window.getAttribute("#case-home-org", "data-org")).isEqualTo(DemoAlliance.SHANTOU);
        assertThat(filed(second).attestationId()).isEqualTo(attestation);
        assertThat(filed(second).materialHashes()).containsExactly(new DocumentHash("bank-card", "sha256", sha256(bankCard)));
        shot(window, "qr-4-camera-received");
        assertNothingTyped(window, List.of());
    }

    @Test
    void theIdCardAndTheCatalogueAreEnoughAndWhatIsOnItsWayToTheLedgerIsShown() throws Exception {
        browser = Browser.launch(work.resolve("profile"), 1200, 1600, List.of());
        Page window = windowPage();
        Path application = Files.writeString(work.resolve("application.txt"), "企业设立登记申请书");
        DeskPages.chooseItem(window, "企业设立登记");
        assertThat(window.getAttribute("#item-time-limit", "data-days")).isEqualTo("3");
        // Decided here: the approver below is this instance's.
        window.selectOption("#homeOrg", new SelectOption().setLabel("漳州市"));
        window.fill("#idNumber", Checks.ID_NUMBER);
        window.setInputFiles("#material-file-application-form", application);
        window.waitForSelector("#material-hashes[data-count='1']");
        shot(window, "id-1-card-form");
        window.click("#receive");
        window.waitForSelector("#case-state[data-state=RECEIVED], #error:not([hidden])");
        assertNoError(window);
        assertThat(window.inputValue("#idNumber")).isEmpty();
        String caseId = window.textContent("#case-id");
        assertThat(filed(caseId).subjectRef()).isEqualTo(identity.subjectReference(Checks.ID_NUMBER));
        assertThat(filed(caseId).attestationId()).isNull();
        assertThat(window.textContent("#case-home-org")).isEqualTo("漳州市");
        // Forwarded while the receipt is still on its way: both are shown waiting for the ledger.
        window.click("#forward");
        window.waitForSelector("#case-state[data-state=FORWARDED], #error:not([hidden])");
        assertNoError(window);
        assertThat(window.textContent("#case-on-its-way")).startsWith("2 个步骤正在上链")
                .contains("收件 (等待上链)", "寄件 (等待上链)");
        assertThat(window.getAttribute("#steps tbody tr:nth-child(2)", "data-ledger")).isEqualTo("PENDING");
        shot(window, "id-2-on-its-way-to-the-ledger");
        worker.drain();
        DeskPages.waitCommitted(window, "FORWARDED", 2);
        assertThat(window.isVisible("#case-on-its-way")).isFalse();
        assertNothingTyped(window, List.of("idNumber"));
        assertThat(((List<?>) window.evaluate("() => Object.keys(sessionStorage).concat(Object.keys(localStorage))"))
                .stream().map(String::valueOf)).noneMatch(k -> k.contains("id")
                        && !k.equals("alliance.credentials") && !k.equals("alliance.lang"));
        assertThat(window.url()).doesNotContain(Checks.ID_NUMBER);

        // The approver approves it from the worklist; it leaves the list at once, before the ledger has it.
        Page approver = browser.newPage();
        approver.navigate("http://127.0.0.1:" + port + "/approver.html");
        DeskPages.signIn(approver, "approver");
        approver.waitForSelector("#waiting-table tr[data-case-id='" + caseId + "']");
        approver.click("#open-" + caseId);
        approver.waitForSelector("#case-state[data-state=FORWARDED]");
        approver.selectOption("#noteReason", "AS_FILED");
        approver.click("#approve");
        approver.waitForSelector("#case-state[data-state=APPROVED], #error:not([hidden])");
        assertNoError(approver);
        assertThat(approver.locator("#waiting-table tr[data-case-id='" + caseId + "']").count()).isZero();
        assertThat(approver.textContent("#case-on-its-way")).contains("批准 (等待上链)");
        shot(approver, "id-3-approved-left-the-worklist");
        worker.drain();
        DeskPages.waitCommitted(approver, "APPROVED", 3);
        approver.click("#refresh-waiting");
        approver.waitForSelector("#waiting-table");
        assertThat(approver.locator("#waiting-table tr[data-case-id='" + caseId + "']").count()).isZero();
    }

    @Test
    void anUnknownExpiredOrAnotherPersonsCheckGetsAClearMessageAndOpensNoCase() throws Exception {
        String fresh = kioskCheck();
        String expired = Attestations.accepted(ledger, service, identity, Checks.ID_NUMBER,
                clock.instant().minus(Duration.ofHours(25)));
        worker.drain();
        String base = "http://127.0.0.1:" + port;
        Path expiredQr = QrPictures.png(QrPictures.of(base + "/verify.html?id=" + expired, 8), work.resolve("expired.png"));
        Path certificateQr = QrPictures.png(QrPictures.of(base + "/verify.html?id=SIT01-350600-2026-000001", 8),
                work.resolve("certificate.png"));
        browser = Browser.launch(work.resolve("profile"), 1200, 1600, List.of());
        Page window = windowPage();
        int before = outbox.all().size();
        // No item chosen yet.
        window.waitForSelector("#item option[data-item]", new Page.WaitForSelectorOptions()
                .setState(WaitForSelectorState.ATTACHED));
        assertThat(window.isVisible("#item-facts")).isFalse();
        refused(window, "MISSING_FIELD", "请选择事项");
        DeskPages.chooseItem(window, DeskPages.PENSION_TRANSFER_TITLE);
        // No applicant at all.
        refused(window, "MISSING_FIELD", "请扫描或输入申请人的身份核验编号");
        // A QR code that is not an identity check's.
        window.setInputFiles("#attestationQr", certificateQr);
        window.waitForSelector("#error:not([hidden])[data-reason=NOT_A_CHECK]");
        assertThat(window.textContent("#error")).contains("这不是身份核验的二维码");
        assertThat(window.inputValue("#attestationId")).isEmpty();
        // An id no check has.
        window.fill("#attestationId", "att-no-such-check");
        refused(window, "UNKNOWN_RECORD", "没有这项身份核验：att-no-such-check");
        assertThat(window.getAttribute("#attestationId", "aria-invalid")).isEqualTo("true");
        shot(window, "bad-1-unknown-check");
        // The QR code of a check from more than a day ago, its picture dropped on the page.
        window.evaluate("b64 => { const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));"
                + " const dropped = new DataTransfer(); dropped.items.add(new File([bytes], 'qr.png', { type: 'image/png' }));"
                + " document.getElementById('attestation-drop').dispatchEvent("
                + "new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true })); }",
                Base64.getEncoder().encodeToString(Files.readAllBytes(expiredQr)));
        window.waitForFunction("id => document.getElementById('attestationId').value === id", expired);
        refused(window, "ATTESTATION_EXPIRED", "该身份核验已过有效期");
        shot(window, "bad-2-expired-check");
        // Today's check, but the ID card shown is another person's.
        window.fill("#attestationId", fresh);
        window.fill("#idNumber", OTHER_ID_NUMBER);
        refused(window, "ATTESTATION_OF_ANOTHER_PERSON", "该身份核验不是出示身份证的本人");
        shot(window, "bad-3-another-persons-check");

        assertThat(outbox.all()).hasSize(before);
        assertThat(window.isVisible("#case-state")).isFalse();
    }

    /** The window page, the clerk signed in, every typed text recorded. */
    private Page windowPage() {
        Page window = browser.newPage();
        window.addInitScript(RECORD_TYPING);
        window.navigate("http://127.0.0.1:" + port + "/window.html");
        DeskPages.signIn(window, "clerk");
        return window;
    }

    /** Receives, lets the outbox commit the record, and waits for the page to show the new case committed. */
    private String receive(Page window) {
        String shown = window.isVisible("#case-id") ? window.textContent("#case-id") : "";
        window.click("#receive");
        window.waitForFunction("shown => { const id = document.getElementById('case-id');"
                + " return (id && id.textContent !== shown) || !document.getElementById('error').hidden; }", shown);
        window.waitForSelector("#case-state[data-state=RECEIVED], #error:not([hidden])");
        assertNoError(window);
        worker.drain();
        DeskPages.waitCommitted(window, "RECEIVED", 1);
        return window.textContent("#case-id");
    }

    /** Receives, and expects the page's refusal with its reason and words. */
    private void refused(Page window, String reason, String words) {
        window.evaluate("() => { document.getElementById('error').hidden = true; }");
        window.click("#receive");
        window.waitForSelector("#error:not([hidden])");
        assertThat(window.textContent("#error .reason")).isEqualTo(reason);
        assertThat(window.textContent("#error")).contains(words);
    }

    private static void assertNoError(Page page) {
        assertThat(page.isVisible("#error")).as("the page's error: %s", page.textContent("#error")).isFalse();
    }

    /**
     * What was typed: only the fields named, and never a hex string (a subject reference or a hash
     * is 64 digits; an ID number is 18) or a code of the agreement.
     */
    @SuppressWarnings("unchecked")
    private static void assertNothingTyped(Page window, List<String> fields) {
        List<Map<String, Object>> typed = (List<Map<String, Object>>) window.evaluate("() => window.__typed");
        assertThat(typed.stream().map(t -> String.valueOf(t.get("field"))).distinct()).as("typed: %s", typed)
                .containsExactlyInAnyOrderElementsOf(fields);
        assertThat(typed.stream().map(t -> String.valueOf(t.get("value"))))
                .noneMatch(v -> v.matches(".*[0-9a-fA-F]{32,}.*") || v.contains("MSP") || v.contains("agr-")
                        || v.matches(".*[A-Z]{2,}-[A-Z]{2,}.*"));
    }

    /** A check at the kiosk (the fake face engine), committed: its attestation id. */
    private String kioskCheck() throws Exception {
        String id = Api.json(mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request()).andExpect(status().isCreated()))
                .path("id").asText();
        worker.drain();
        return id;
    }

    /** The kiosk's QR code of a check, drawn from the SVG the service serves, at most 440 pixels wide. */
    private BufferedImage kioskQr(String attestation) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> svg = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/identity/checks/" + attestation + "/qr")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(svg.statusCode()).as(svg.body()).isEqualTo(200);
            int modules = QrPictures.ofSvg(svg.body(), 1).getWidth();
            return QrPictures.ofSvg(svg.body(), Math.min(8, 440 / modules));
        }
    }

    /** The case record on its way to the ledger. */
    private CaseBody filed(String caseId) {
        return (CaseBody) outbox.find(caseId + "/receive").orElseThrow().signedRecord().record().body();
    }

    private static void shot(Page page, String name) {
        Browser.shot(page, "clerk-" + name);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
