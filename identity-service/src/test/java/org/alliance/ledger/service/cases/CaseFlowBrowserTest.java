package org.alliance.ledger.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.bundle.PackageVerdict;
import org.alliance.ledger.core.bundle.PackageVerifier;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.ledger.LedgerProperties;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.DeskPages;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTest;
import org.alliance.ledger.service.testkit.TestBeans;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two-region case flow through the pages, in Debian's Chromium (headless, driven by
 * Playwright): two service instances on one embedded ledger, each on its own random port, with
 * their outbox workers running. This context is Zhangzhou and owns the ledger; two more
 * application contexts are Chaozhou and Shantou in {@code remote-embedded} mode, each with its own
 * port, database, outbox and demo member key. Zhangzhou's clerk receives (the item picked from the
 * catalogue, the applicant's ID number, materials hashed in the browser) on Zhangzhou's window
 * page; Chaozhou's approver approves on Chaozhou's approver page before the case is forwarded, and
 * the page waits for the ledger until the clerk has forwarded it; Zhangzhou's issuer issues the case and uploads a PDF certificate; Shantou's
 * approver checks it and recognises it on Shantou's recognition page, which follows it until the
 * ledger has committed it, after the page has shown the refusals of an unknown certificate
 * ({@code UNKNOWN_CERTIFICATE}), of a refusal without a reason ({@code MISSING_FIELD}) and of an
 * agreement not in force ({@code UNKNOWN_AGREEMENT}), and checked the approval behind it; and
 * Zhangzhou's approver is refused recognising its own certificate ({@code WRONG_ORG}, from the
 * rules' dry run), none of which is written, and opens Shantou's recognition by id on Zhangzhou's
 * page, read from the ledger; the issuer revokes it on the window page; the public certificate
 * page shows REVOKED by id and by file; the auditor's page shows the timeline, the history and
 * the one recognition, and downloads an evidence bundle that the CLI's {@link BundleVerifier}
 * accepts. A screenshot per step goes to {@code target/screenshots/case-flow-NN-*.png}.
 */
@Tag("browser")
@SpringBootTest(classes = AllianceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "alliance.data-dir=target/test-data/case-flow-${random.uuid}",
            "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "alliance.outbox.interval=PT0.3S",
            "alliance.ledger.demo-member-keys=target/test-data/case-flow-members-${random.uuid}",
            "alliance.ledger.internal-secret=" + ServiceTest.LEDGER_SECRET,
            "alliance.identity.face.engine=test-fake",
            "spring.main.allow-bean-definition-overriding=true"})
@Import(TestBeans.class)
class CaseFlowBrowserTest {
    /** The bounded wait for a record to be committed by an outbox worker. */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;
    @Autowired
    private RecordFactory service;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private LedgerProperties ledgerProperties;

    @TempDir
    Path work;

    private int shots;

    @Test
    void receiveForwardApproveIssueRecogniseRevokeVerifyAndAuditThroughThePages() throws Exception {
        String zz = "http://localhost:" + port;
        Path pdf = Files.write(work.resolve("certificate.pdf"), DeskPages.minimalPdf("Pension transfer certificate"));
        Path form = Files.writeString(work.resolve("transfer-application.txt"), "养老保险关系转移申请 transfer application");
        Path idCopy = Files.writeString(work.resolve("id-card-copy.txt"), "身份证复印件 copy of the ID card");

        try (ConfigurableApplicationContext chaozhou = startRegion(DemoAlliance.CHAOZHOU);
                ConfigurableApplicationContext shantou = startRegion(DemoAlliance.SHANTOU);
                Browser browser = Browser.launch(work.resolve("profile"), 1200, 1400, List.of())) {
            String cz = base(chaozhou);
            // The pages' console and uncaught errors, to say why a wait timed out.
            List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
            browser.context().onPage(p -> {
                p.onConsoleMessage(m -> console.add(p.url() + ": " + m.type() + ": " + m.text()));
                p.onPageError(e -> console.add(p.url() + ": uncaught: " + e));
            });
            try {
                flow(browser, zz, cz, shantou, pdf, form, idCopy);
            } catch (RuntimeException | AssertionError e) {
                for (Page p : browser.context().pages()) {
                    if (p.url().startsWith("http")) {
                        shot(p, "failure");
                    }
                }
                throw new AssertionError("the flow failed; the pages' console: " + console, e);
            }
        }
    }

    private void flow(Browser browser, String zz, String cz, ConfigurableApplicationContext shantou, Path pdf,
            Path form, Path idCopy) throws Exception {
        String st = base(shantou);
        // 1. Zhangzhou's clerk receives with what a clerk has: the item picked from the catalogue by
        //    its title, the applicant's ID card number, the materials hashed in the browser.
        Page window = browser.newPage();
        window.navigate(zz + "/window.html");
        DeskPages.signIn(window, "clerk");
        DeskPages.chooseItem(window, DeskPages.PENSION_TRANSFER_TITLE);
        assertThat(window.getAttribute("#homeOrg", "data-version")).isEqualTo("1");
        window.fill("#idNumber", Checks.ID_NUMBER);
        // Each file goes with a material of the item's catalogue; the file name stays in the browser.
        window.setInputFiles("#material-file-transfer-application", form);
        window.setInputFiles("#material-file-id", idCopy);
        window.waitForSelector("#material-hashes[data-count='2']");
        assertThat(window.textContent("#material-hash-transfer-application")).isEqualTo(sha256(Files.readAllBytes(form)));
        assertThat(window.textContent("#material-hash-id")).isEqualTo(sha256(Files.readAllBytes(idCopy)));
        shot(window, "receive-form");
        window.click("#receive");
        DeskPages.waitCommitted(window, "RECEIVED", 1);
        String caseId = window.textContent("#case-id");
        assertThat(caseId).startsWith("case-");
        assertThat(window.inputValue("#idNumber")).isEmpty();
        shot(window, "received");

        // 2. Chaozhou's approver, on Chaozhou's own page, approves before the case is forwarded: the
        //    page says it waits for the ledger rather than showing the rules' refusal, and approves
        //    once Zhangzhou's forward has reached the ledger.
        Page approver = browser.newPage();
        approver.navigate(cz + "/approver.html?case=" + caseId);
        DeskPages.signIn(approver, "approver");
        approver.selectOption("#noteReason", "AS_FILED");
        approver.fill("#note", "材料齐全 materials complete");
        approver.click("#approve");
        approver.waitForSelector("#case-waiting, #error:not([hidden])");
        assertThat(approver.isVisible("#error")).as("the page's error: %s", approver.textContent("#error")).isFalse();
        assertThat(approver.textContent("#case-waiting")).startsWith("等待上链");
        shot(approver, "approver-waits-for-the-forward");
        window.click("#forward");
        DeskPages.waitCommitted(window, "FORWARDED", 2);
        shot(window, "forwarded");
        DeskPages.waitCommitted(approver, "APPROVED", 3);
        assertThat(approver.isVisible("#case-waiting")).isFalse();
        assertThat(approver.getAttribute("#steps tbody tr:nth-child(3)", "data-action")).isEqualTo("APPROVE");
        assertThat(approver.getAttribute("#steps tbody tr:nth-child(3)", "data-org")).isEqualTo(DemoAlliance.CHAOZHOU);
        shot(approver, "approved-in-chaozhou");

        // 3. Zhangzhou's issuer sees the approval, issues the case and the certificate.
        String certId = DeskPages.issueCaseAndCertificate(window, pdf);
        assertThat(certId).matches("SIT01-\\d{6}-\\d{4}-\\d{6}");
        shot(window, "certificate-issued");
        DeskPages.awaitCertificateStatus(zz, certId, "VALID", COMMIT_WAIT);

        // 4. Shantou's approver, on Shantou's own instance, checks the certificate and recognises it.
        //    First the refusals the page shows: an unknown certificate, a refusal without a reason.
        //    The page is reached by the navigation every page has.
        Page recognise = browser.newPage();
        recognise.navigate(st + "/approver.html");
        recognise.click("nav a[href='recognise.html']");
        recognise.waitForURL(st + "/recognise.html");
        assertThat(recognise.getAttribute("nav a[aria-current=page]", "href")).isEqualTo("recognise.html");
        DeskPages.signIn(recognise, "approver");
        String unknown = "SIT01-350600-2026-999999";
        recognise.fill("#targetIdInput", unknown);
        recognise.click("#check-target");
        recognise.waitForSelector("#target-view #certificate-status[data-status=UNKNOWN]");
        recognise.click("#recognise-target");
        DeskPages.assertRecognitionRefused(recognise, "UNKNOWN_CERTIFICATE");
        shot(recognise, "shantou-refused-unknown-certificate");
        recognise.fill("#targetIdInput", certId);
        recognise.click("#refuse-target");
        DeskPages.assertRecognitionRefused(recognise, "MISSING_FIELD");
        // Outside any agreement in force: the rules know no agreement by that id.
        recognise.fill("#recognitionAgreement", "agr-not-signed");
        recognise.click("#recognise-target");
        DeskPages.assertRecognitionRefused(recognise, "UNKNOWN_AGREEMENT");
        shot(recognise, "shantou-refused-outside-agreement");
        recognise.fill("#recognitionAgreement", "");
        // The approval behind it, as the ledger shows it: Chaozhou decided, the case is issued.
        recognise.selectOption("#targetType", "APPROVAL");
        recognise.fill("#targetIdInput", caseId);
        recognise.click("#check-target");
        recognise.waitForSelector("#target-view #target-case-state[data-state=ISSUED]");
        assertThat(recognise.getAttribute("#target-view #target-case-home-org", "data-org")).isEqualTo(DemoAlliance.CHAOZHOU);
        recognise.selectOption("#targetType", "CERTIFICATE");
        recognise.fill("#targetIdInput", certId);
        recognise.click("#check-target");
        recognise.waitForSelector("#target-view #certificate-status[data-status=VALID]");
        assertThat(recognise.isVisible("#recognition-error")).isFalse();
        assertThat(recognise.getAttribute("#target-view #issuer-org", "data-org")).isEqualTo(DemoAlliance.ZHANGZHOU);
        shot(recognise, "shantou-checks-certificate");
        recognise.click("#recognise-target");
        recognise.waitForSelector("#recognition #recognition-decision[data-decision=RECOGNISED], "
                + "#recognition-error:not([hidden])");
        assertThat(recognise.isVisible("#recognition-error"))
                .as("the page's error: %s", recognise.textContent("#recognition-error")).isFalse();
        assertThat(recognise.getAttribute("#recognising-org", "data-org")).isEqualTo(DemoAlliance.SHANTOU);
        assertThat(recognise.getAttribute("#recognition #ledger-status", "data-status"))
                .isIn("PENDING", "SUBMITTED", "COMMITTED");
        String recognitionId = recognise.textContent("#recognition-id");
        shot(recognise, "shantou-recognised");
        // The page follows it (GET /api/recognitions/{id}) until Shantou's outbox has committed it,
        // which must happen while the certificate is still valid: the revocation below would
        // otherwise make the rules refuse it.
        recognise.waitForSelector("#recognition #ledger-status[data-status=COMMITTED], "
                + "#recognition #ledger-status[data-status=FAILED]",
                new Page.WaitForSelectorOptions().setTimeout(COMMIT_WAIT.toMillis()));
        assertThat(recognise.getAttribute("#recognition #ledger-status", "data-status")).isEqualTo("COMMITTED");
        assertThat(recognise.textContent("#recognition #tx-id")).isNotBlank();
        assertThat(recognise.textContent("#recognition-id")).isEqualTo(recognitionId);
        assertThat(recognitions(zz, certId)).singleElement()
                .satisfies(r -> assertThat(r.path("recognisingOrg").asText()).isEqualTo(DemoAlliance.SHANTOU));
        shot(recognise, "shantou-recognition-committed");
        // Zhangzhou's approver may not recognise Zhangzhou's own certificate: the rules' dry run says no.
        Page ownRegion = browser.newPage();
        ownRegion.navigate(zz + "/recognise.html?certificate=" + certId);
        DeskPages.signIn(ownRegion, "approver");
        ownRegion.click("#recognise-target");
        DeskPages.assertRecognitionRefused(ownRegion, "WRONG_ORG");
        shot(ownRegion, "zhangzhou-refused-own-certificate");
        // Shantou's recognition, opened by id on Zhangzhou's instance, is read there from the ledger.
        ownRegion.navigate(zz + "/recognise.html?recognition=" + recognitionId);
        ownRegion.waitForSelector("#recognition #ledger-status[data-status=COMMITTED], #recognition-error:not([hidden])");
        assertThat(ownRegion.isVisible("#recognition-error"))
                .as("the page's error: %s", ownRegion.textContent("#recognition-error")).isFalse();
        assertThat(ownRegion.getAttribute("#recognising-org", "data-org")).isEqualTo(DemoAlliance.SHANTOU);
        assertThat(ownRegion.textContent("#recognition #tx-id")).isEqualTo(recognise.textContent("#recognition #tx-id"));
        shot(ownRegion, "zhangzhou-reads-shantou-recognition");
        // Nothing of the refusals reached an outbox: Shantou's holds only its recognition, Zhangzhou's none.
        assertThat(outbox(shantou.getBean(DataSource.class))).containsExactly(recognitionId);
        assertThat(outbox(dataSource)).noneMatch(entry -> entry.startsWith("rec-"));

        // 5. The issuer revokes it on the window page.
        window.selectOption("#statusReason", "ISSUED_IN_ERROR");
        window.fill("#statusNote", "持证人李自由来电，证照信息有误");
        window.click("#revoke");
        window.waitForSelector("#certificate-status");
        DeskPages.awaitCertificateStatus(zz, certId, "REVOKED", COMMIT_WAIT);
        window.click("#certificate-refresh");
        window.waitForSelector("#certificate #certificate-status[data-status=REVOKED]");
        shot(window, "revoked");

        // 6. The public certificate page says REVOKED, by id and by the file itself, in both regions.
        Page publicPage = browser.newPage();
        publicPage.navigate(zz + "/certificate.html?id=" + certId);
        publicPage.waitForSelector("#certificate-status[data-status=REVOKED]");
        assertThat(publicPage.getAttribute("#issuer-org", "data-org")).isEqualTo(DemoAlliance.ZHANGZHOU);
        assertThat(publicPage.textContent("#issuer-org")).isEqualTo("漳州市");
        assertThat(publicPage.getAttribute("#certificate-reason", "data-reason")).isEqualTo("ISSUED_IN_ERROR");
        shot(publicPage, "public-verify-by-id");
        publicPage.navigate(zz + "/certificate.html");
        publicPage.setInputFiles("#certificateFile", pdf);
        publicPage.click("#verify-file");
        publicPage.waitForSelector("#certificate-status[data-status=REVOKED]");
        shot(publicPage, "public-verify-by-file");
        publicPage.navigate(cz + "/certificate.html?id=" + certId);
        publicPage.waitForSelector("#certificate-status[data-status=REVOKED]");

        // 7. The auditor: timeline, history, recognitions, and a bundle that verifies offline.
        Page audit = browser.newPage();
        audit.navigate(zz + "/audit.html?case=" + caseId);
        DeskPages.signIn(audit, "auditor");
        audit.click("#timeline");
        audit.waitForSelector("#timeline-view #steps tbody tr:nth-child(4)");
        assertThat(audit.locator("#timeline-view #steps tbody tr").evaluateAll(
                "rows => rows.map(r => r.dataset.action)")).isEqualTo(List.of("RECEIVE", "FORWARD", "APPROVE", "ISSUE"));
        assertThat(audit.textContent("#timeline-deadline")).isNotBlank().isNotEqualTo("–");
        assertThat(audit.getAttribute("#timeline-overdue", "data-overdue")).isEqualTo("false");
        shot(audit, "audit-timeline");
        audit.fill("#targetInput", certId);
        audit.click("#history");
        audit.waitForSelector("#history-table tbody tr:nth-child(2)");
        assertThat((List<Object>) audit.locator("#history-table tbody tr").evaluateAll("rows => rows.map(r => r.dataset.action)"))
                .contains("ISSUE", "REVOKE");
        shot(audit, "audit-certificate-history");
        audit.click("#recognitions");
        audit.waitForSelector("#recognitions-table tbody tr");
        assertThat(audit.getAttribute("#recognitions-table tbody tr", "data-org")).isEqualTo(DemoAlliance.SHANTOU);
        assertThat(audit.getAttribute("#recognitions-table tbody tr", "data-decision")).isEqualTo("RECOGNISED");
        // The refusals wrote nothing: Shantou's recognition is the only one, and the unknown id and
        // the approval (only checked) have none.
        assertThat(audit.locator("#recognitions-table tbody tr").count()).isEqualTo(1);
        assertThat(recognitions(zz, unknown)).isEmpty();
        assertThat(recognitions(zz, caseId)).isEmpty();
        shot(audit, "audit-recognitions");

        String approveRecord = audit.locator("#timeline-view #steps tbody tr:nth-child(3)").getAttribute("data-record");
        audit.fill("#recordInput", approveRecord);
        Download download = audit.waitForDownload(() -> audit.click("#bundle"));
        Path bundle = download.path();
        audit.waitForSelector("#bundle-notice:not([hidden])");
        shot(audit, "audit-bundle-downloaded");
        Verdict verdict = new BundleVerifier(trust()).verify(EvidenceBundle.parse(Files.readAllBytes(bundle)));
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();

        // The whole timeline and the certificate's history as evidence packages, checked offline
        // with the verifier behind ledger-cli verify-bundle.
        PackageVerifier packages = new PackageVerifier(new BundleVerifier(trust()));
        for (String button : List.of("#export-timeline", "#export-history")) {
            Path exported = audit.waitForDownload(() -> audit.click(button)).path();
            PackageVerdict checked = packages.verify(EvidencePackage.parse(Files.readAllBytes(exported)));
            assertThat(checked.valid()).as(button + ": " + checked).isTrue();
        }
        shot(audit, "audit-packages-exported");
    }

    /**
     * Another region's instance on Zhangzhou's ledger ({@code remote-embedded}): its own port, key
     * (the demo member key the seeder kept), database and outbox, and the same development users.
     */
    private ConfigurableApplicationContext startRegion(String org) {
        String name = "case-flow-" + org.toLowerCase(java.util.Locale.ROOT) + "-";
        return new SpringApplicationBuilder(AllianceServiceApplication.class, TestBeans.class).run(
                // Command-line arguments, so they override application.properties.
                "--server.port=0",
                "--alliance.org=" + org,
                "--alliance.data-dir=target/test-data/" + name + UUID.randomUUID(),
                "--spring.datasource.url=jdbc:h2:mem:" + name + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--alliance.ledger.mode=remote-embedded",
                "--alliance.ledger.remote-url=http://127.0.0.1:" + port,
                "--alliance.ledger.internal-secret=" + ServiceTest.LEDGER_SECRET,
                "--alliance.signing.key=" + ledgerProperties.demoMemberKeys().resolve(org + ".key"),
                "--alliance.outbox.interval=PT0.3S",
                "--alliance.identity.face.engine=test-fake",
                "--spring.main.allow-bean-definition-overriding=true");
    }

    private static String base(ConfigurableApplicationContext region) {
        return "http://localhost:" + ((WebServerApplicationContext) region).getWebServer().getPort();
    }

    private void shot(Page page, String name) {
        shots++;
        Browser.shot(page, String.format("case-flow-%02d-%s", shots, name));
    }

    /** The record ids in an instance's outbox, in the order written. */
    private static List<String> outbox(DataSource db) {
        return JdbcClient.create(db).sql("select record_id from outbox order by id").query(String.class).list();
    }

    /** Who recognised the target, as the auditor's API reads it from the ledger. */
    private static List<JsonNode> recognitions(String base, String targetId) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/api/audit/recognitions?targetId="
                    + java.net.URLEncoder.encode(targetId, StandardCharsets.UTF_8)));
            get.header(HttpHeaders.AUTHORIZATION, Regions.as("auditor").getFirst(HttpHeaders.AUTHORIZATION));
            HttpResponse<String> r = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<JsonNode> out = new java.util.ArrayList<>();
            Api.json(r.body()).path("recognitions").forEach(out::add);
            return out;
        }
    }

    /** The auditor's trust directory: each region's record key and the ledger node's key. */
    private TrustStore trust() {
        PublicKey zhangzhou = Keys.publicKeyFromDer(Base64.getDecoder().decode(service.publicKeyBase64()));
        PublicKey chaozhou = Keys.publicKeyFromDer(Base64.getDecoder().decode(
                Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU).publicKeyBase64()));
        PublicKey node = ((EmbeddedLedger) embedded).nodePublicKey();
        return TrustStore.of(Map.of(DemoAlliance.ZHANGZHOU, List.of(zhangzhou, node), DemoAlliance.CHAOZHOU,
                List.of(chaozhou)));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
