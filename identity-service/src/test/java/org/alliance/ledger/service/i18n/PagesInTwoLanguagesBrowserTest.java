package org.alliance.ledger.service.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.DeskPages;
import org.alliance.ledger.service.testkit.QrPictures;
import org.alliance.ledger.service.testkit.SelfHomedCase;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every page in Debian's Chromium (headless, Playwright), in Chinese (the default, no choice
 * made) and in English (chosen with the language switch): the page's own words from its
 * dictionary with no key missing, Chinese text drawn with real glyphs rather than the empty boxes
 * of a missing CJK font, org names instead of MSP ids, times in Asia/Shanghai to the minute and
 * the deadline with the working days the service computed. An unknown language falls back to
 * Chinese, and the verification page opened without an id shows its form and no error; a picture
 * of a QR code is decoded there, in the browser (headless Chromium on Linux has no
 * BarcodeDetector, so this is the jsQR the service serves).
 * Screenshots go to {@code target/screenshots/i18n-PAGE-LANG.png}.
 */
@Tag("browser")
class PagesInTwoLanguagesBrowserTest extends ServiceTestBase {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));
    /** Each page, the user who signs in on it (none on public pages), and its heading in both languages. */
    private static final List<PageCase> PAGES = List.of(
            new PageCase("kiosk", null, "身份核验", "Identity check"),
            new PageCase("window", "clerk", "窗口：专窗收件 · 寄件 · 出件", "Window: receive · forward · issue"),
            new PageCase("approver", "approver", "远程审批", "Remote approval"),
            new PageCase("recognise", "approver", "互认", "Mutual recognition"),
            new PageCase("audit", "auditor", "审计", "Audit"),
            new PageCase("verify", null, "核验", "Verification"));
    /**
     * Whether any Chinese character on the page is drawn as the font's missing-glyph box: each is
     * drawn in the page's own font and compared, pixel by pixel, with a private-use character no
     * font has, which every font draws as that box.
     */
    private static final String TOFU = """
            () => {
              const chars = [...new Set(document.body.innerText.match(/[\\u4e00-\\u9fff]/g) || [])];
              const font = '32px ' + getComputedStyle(document.body).fontFamily;
              const draw = (c) => {
                const canvas = document.createElement('canvas');
                canvas.width = 40; canvas.height = 40;
                const g = canvas.getContext('2d');
                g.font = font; g.fillText(c, 2, 32);
                return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
              };
              const box = draw('\\ue000');
              return { count: chars.length, boxes: chars.filter((c) => draw(c) === box) };
            }""";

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    private Browser browser;
    private String base;
    private String caseId;
    private JsonNode caseView;

    @BeforeEach
    void receiveACase() throws Exception {
        caseId = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE).andExpect(status().isCreated()))
                .path("caseId").asText();
        worker.drain();
        caseView = Api.json(api.get("clerk", "/api/cases/" + caseId).andExpect(status().isOk()));
        assertThat(caseView.path("workingDaysLeft").isInt()).as("the case view: %s", caseView).isTrue();
        base = "http://127.0.0.1:" + port;
        browser = Browser.launch(work.resolve("profile"), 1200, 1400, List.of());
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theCjkFontIsInstalled() throws Exception {
        Process fc = new ProcessBuilder("fc-list", ":lang=zh", "family").redirectErrorStream(true).start();
        String fonts = new String(fc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fonts).as("fc-list :lang=zh (.ci/run installs fonts-noto-cjk)").contains("Noto Sans CJK");
    }

    @Test
    void everyPageIsInChineseByDefaultAndInEnglishWhenChosen() throws IOException {
        boolean first = true;
        for (PageCase p : PAGES) {
            Page page = browser.newPage();
            // The first page has no language chosen yet; once English was chosen, Chinese is chosen back.
            page.navigate(base + "/" + p.name() + ".html" + (first ? "" : "?lang=zh-CN"));
            first = false;
            render(page, p, "zh-CN");
            assertThat(page.textContent("header h1")).isEqualTo(p.zh());
            Browser.shot(page, "i18n-" + p.name() + "-zh-CN");

            page.selectOption("#lang-switch", "en");
            page.waitForURL("**lang=en**");
            render(page, p, "en");
            assertThat(page.textContent("header h1")).isEqualTo(p.en());
            assertThat(page.evaluate("() => document.querySelector('main').innerText.match(/[\\u4e00-\\u9fff]/g)"))
                    .as("Chinese text on the English %s page", p.name()).isNull();
            Browser.shot(page, "i18n-" + p.name() + "-en");
            page.close();
        }
        // The choice is kept for the next page opened.
        Page next = browser.newPage();
        next.navigate(base + "/verify.html");
        assertThat(next.getAttribute("html", "lang")).isEqualTo("en");
        next.close();
    }

    @Test
    void anUnknownLanguageFallsBackToChinese() {
        Page page = browser.newPage();
        page.navigate(base + "/verify.html?lang=fr");
        assertThat(page.getAttribute("html", "lang")).isEqualTo("zh-CN");
        assertThat(page.textContent("header h1")).isEqualTo("核验");
        // The API's problem is in Chinese too, with its reason code unchanged.
        page.navigate(base + "/verify.html?lang=fr&id=att-no-such-check");
        page.waitForSelector("#error:not([hidden])");
        assertThat(page.textContent("#error .reason")).isEqualTo("UNKNOWN_CHECK");
        assertThat(page.textContent("#error")).contains("没有这项身份核验");
        Browser.shot(page, "i18n-verify-unknown-language");
    }

    @Test
    void timesAreShownInShanghaiToTheMinuteWithTheWorkingDaysLeft() {
        Page page = browser.newPage();
        page.navigate(base + "/window.html?case=" + caseId);
        DeskPages.signIn(page, "clerk");
        page.click("#load");
        page.waitForSelector("#case-deadline");
        String deadline = caseView.path("deadline").asText();
        assertThat(page.textContent("#case-deadline")).isEqualTo(MINUTE.format(Instant.parse(deadline)) + " · 剩余 "
                + caseView.path("workingDaysLeft").asInt() + " 个工作日");
        String time = caseView.path("steps").path(0).path("time").asText();
        assertThat(page.textContent("#steps tbody tr:nth-child(1) td:nth-child(5)"))
                .isEqualTo(MINUTE.format(Instant.parse(time))).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        assertThat(page.textContent("#case-home-org")).isEqualTo("漳州市");
        assertThat(page.getAttribute("#case-home-org", "data-org")).isEqualTo("ZhangzhouMSP");
        assertThat(page.textContent("#case-item")).isEqualTo("企业设立登记");
        Browser.shot(page, "i18n-window-case-zh-CN");
    }

    @Test
    void theVerificationPageWithoutAnIdShowsItsFormAndTheOldAddressLeadsThere() {
        Page page = browser.newPage();
        page.navigate(base + "/verify.html");
        page.waitForLoadState();
        assertThat(page.isVisible("#certificateIdInput")).isTrue();
        assertThat(page.isVisible("#nothing-yet")).isTrue();
        assertThat(page.locator(".error:not([hidden])").count()).isZero();
        page.navigate(base + "/certificate.html?id=ZZ-NO-SUCH&lang=en");
        assertThat(page.url()).isEqualTo(base + "/verify.html?id=ZZ-NO-SUCH&lang=en");
        page.waitForSelector("#certificate-status[data-status=UNKNOWN]");
        assertThat(page.textContent("#certificate-status")).startsWith("Unknown");
    }

    @Test
    void aPictureOfAQrCodeIsDecodedInTheBrowser() throws Exception {
        Path picture = QrPictures.png(QrPictures.of(base + "/verify.html?id=ZZ-QR-NO-SUCH", 8), work.resolve("qr.png"));
        Page page = browser.newPage();
        page.navigate(base + "/verify.html");
        page.setInputFiles("#certificateFile", picture);
        page.click("#verify-file");
        page.waitForSelector("#certificate-status, #error:not([hidden])");
        assertThat(page.isVisible("#error")).as("the page's error: %s", page.textContent("#error")).isFalse();
        assertThat(page.inputValue("#certificateIdInput")).isEqualTo("ZZ-QR-NO-SUCH");
        assertThat(page.getAttribute("#certificate-status", "data-status")).isEqualTo("UNKNOWN");
        Browser.shot(page, "i18n-verify-qr-picture");
    }

    /** Waits for the page's scripts (and its sign-in), then checks its language and glyphs. */
    private void render(Page page, PageCase p, String lang) {
        page.waitForFunction("() => document.getElementById('lang-switch') !== null");
        if (p.user() != null) {
            if (page.isVisible("#sign-out")) {
                DeskPages.signOut(page);
            }
            DeskPages.signIn(page, p.user());
        }
        assertThat(page.getAttribute("html", "lang")).isEqualTo(lang);
        assertThat(page.inputValue("#lang-switch")).isEqualTo(lang);
        assertThat(page.getAttribute("html", "data-i18n-missing")).as("dictionary keys missing on %s", p.name()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> glyphs = (Map<String, Object>) page.evaluate(TOFU);
        assertThat(((Number) glyphs.get("count")).intValue()).as("Chinese characters on %s", p.name()).isPositive();
        assertThat((List<?>) glyphs.get("boxes")).as("characters drawn as empty boxes on %s (%s)", p.name(), lang).isEmpty();
    }

    private record PageCase(String name, String user, String zh, String en) {
    }
}
