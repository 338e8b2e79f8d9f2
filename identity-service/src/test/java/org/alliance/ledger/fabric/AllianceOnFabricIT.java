package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.DeskPages;
import org.alliance.ledger.service.testkit.KioskPerson;
import org.alliance.ledger.service.testkit.LedgerCliProcess;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow through the pages on Fabric, with the alliance started as a user starts it
 * ({@code network/alliance/up}): four service instances from the packaged jar, each in Fabric
 * mode through its own org's peer, and the agreement founded by the four admins. In Chromium:
 * an identity check at Zhangzhou's kiosk with the real face engine; Zhangzhou's clerk receives
 * and forwards; Zhangzhou's approver is refused (the home region decides); Chaozhou's approver
 * approves on Chaozhou's instance; Zhangzhou's issuer issues the case and its certificate;
 * Shantou recognises it on Shantou's instance; the issuer revokes it and every region's public
 * page, the audit office's included, shows REVOKED; the audit office's instance shows the
 * timeline and exports the evidence, which the packaged {@code ledger-cli verify-bundle} proves
 * offline with only the members' CA certificates and record keys (endorsements, the orderers'
 * signatures, the validation code), and refuses once tampered; and again with nothing but the trust
 * bundle {@code ledger-cli trust fetch} downloads from the audit office's instance. A screenshot per step goes to
 * {@code target/screenshots/fabric-flow-NN-*.png}.
 */
@Tag("fabric")
@Tag("browser")
@ExtendWith(AllianceOnFabric.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllianceOnFabricIT {
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(90);
    private static final String JOIN = "network/alliance/join";
    /** The join itself, its instance's start and the amendment's five signatures, on two busy cores. */
    private static final Duration JOIN_WAIT = Duration.ofMinutes(8);
    private static final String XIAMEN = "XiamenMSP";

    @TempDir
    Path work;
    /** The applicant at the kiosk, whose camera answers each challenge's colour flash. */
    private KioskPerson person;

    /** Numbers the screenshots across both tests, which run in order on the same alliance. */
    private static int shots;

    @Test
    @Order(1)
    void kioskReceiveForwardRefuseApproveIssueRecogniseRevokeAndAuditAcrossFourInstancesOnFabric(
            AllianceOnFabric.Running alliance) throws Exception {
        String zz = alliance.url("zhangzhou");
        String cz = alliance.url("chaozhou");
        String st = alliance.url("shantou");
        String audit = alliance.url("audit");
        Path pdf = Files.write(work.resolve("certificate.pdf"), DeskPages.minimalPdf("Pension transfer certificate"));
        Path form = Files.writeString(work.resolve("transfer-application.txt"), "养老保险关系转移申请 transfer application");

        inBrowser(browser -> {
            // 1. The applicant proves who they are at Zhangzhou's kiosk.
            Page kiosk = browser.newPage();
            kiosk.navigate(zz + "/kiosk.html?countdown=0");
            KioskPerson.fillDetails(kiosk, KioskPerson.reference(work));
            kiosk.click("#start");
            person.answerChallenge(kiosk, step -> { });
            kiosk.waitForSelector("#decision, #challenge-error:not([hidden])");
            assertThat(kiosk.textContent("#decision")).contains("ACCEPTED");
            kiosk.waitForSelector("#ledger-status[data-status=COMMITTED]",
                    new Page.WaitForSelectorOptions().setTimeout(COMMIT_WAIT.toMillis()));
            assertThat(kiosk.textContent("#tx-id")).isNotBlank();
            shot(kiosk, "kiosk-check-committed");

            // 2. Zhangzhou's clerk receives the case and forwards it to the home region.
            Page window = browser.newPage();
            window.navigate(zz + "/window.html");
            DeskPages.signIn(window, "clerk");
            String caseId = DeskPages.receive(window, form);
            shot(window, "received");
            window.click("#forward");
            DeskPages.waitCommitted(window, "FORWARDED", 2);
            shot(window, "forwarded");

            // 3. Zhangzhou may not decide it: the home region is Chaozhou.
            Page wrongRegion = browser.newPage();
            wrongRegion.navigate(zz + "/approver.html?case=" + caseId);
            DeskPages.signIn(wrongRegion, "approver");
            wrongRegion.selectOption("#noteReason", "AS_FILED");
            wrongRegion.click("#approve");
            wrongRegion.waitForSelector("#error:not([hidden])");
            assertThat(wrongRegion.getAttribute("#error", "data-reason")).isEqualTo("WRONG_ORG");
            shot(wrongRegion, "zhangzhou-approval-refused");

            // 4. Chaozhou's approver approves on Chaozhou's own instance.
            approveAtHome(browser, cz, caseId, DemoAlliance.CHAOZHOU, "chaozhou");

            // 5. Zhangzhou's issuer issues the case and its certificate.
            String certId = DeskPages.issueCaseAndCertificate(window, pdf);
            DeskPages.awaitCertificateStatus(zz, certId, "VALID", COMMIT_WAIT);
            shot(window, "certificate-issued");

            // 6. Shantou recognises it on Shantou's instance.
            Page recognise = browser.newPage();
            recognise.navigate(st + "/recognise.html?certificate=" + certId);
            DeskPages.signIn(recognise, "approver");
            DeskPages.awaitCertificateStatus(st, certId, "VALID", COMMIT_WAIT);
            recognise.click("#check-target");
            recognise.waitForSelector("#target-view #certificate-status[data-status=VALID]");
            recognise.click("#recognise-target");
            recognise.waitForSelector("#recognition #ledger-status[data-status=COMMITTED], "
                    + "#recognition #ledger-status[data-status=FAILED], #recognition-error:not([hidden])",
                    new Page.WaitForSelectorOptions().setTimeout(COMMIT_WAIT.toMillis()));
            assertThat(recognise.isVisible("#recognition-error"))
                    .as("the page's error: %s", recognise.textContent("#recognition-error")).isFalse();
            assertThat(recognise.getAttribute("#recognition #ledger-status", "data-status")).isEqualTo("COMMITTED");
            shot(recognise, "shantou-recognised");

            // 7. The issuer revokes it; every region sees it revoked, the audit office's too.
            window.selectOption("#statusReason", "ISSUED_IN_ERROR");
            window.fill("#statusNote", "证照信息有误");
            window.click("#revoke");
            window.waitForSelector("#certificate-status");
            for (String region : List.of(zz, cz, st, audit)) {
                DeskPages.awaitCertificateStatus(region, certId, "REVOKED", COMMIT_WAIT);
                Page verdict = browser.newPage();
                verdict.navigate(region + "/certificate.html?id=" + certId);
                verdict.waitForSelector("#certificate-status[data-status=REVOKED]");
                assertThat(verdict.getAttribute("#issuer-org", "data-org")).isEqualTo(DemoAlliance.ZHANGZHOU);
                shot(verdict, "revoked-seen-at-" + URI.create(region).getPort());
                verdict.close();
            }

            // 8. The audit office's read-only instance: the timeline, and the evidence exported.
            Page auditor = browser.newPage();
            Path approval = approvalBundle(auditor, audit, caseId, DemoAlliance.CHAOZHOU);
            List<Path> exports = new ArrayList<>(List.of(approval));
            for (String button : List.of("#export-timeline", "#export-history")) {
                if (button.equals("#export-history")) {
                    auditor.fill("#targetInput", certId);
                }
                Path exported = auditor.waitForDownload(() -> auditor.click(button)).path();
                exports.add(Files.copy(exported, work.resolve(button.substring(1) + ".package.json")));
            }
            shot(auditor, "audit-packages-exported");

            // 9. Offline, with only the members' CA certificates and record keys: the packaged CLI.
            Path trust = trust(alliance, FabricAlliance.ORGS);
            List<String> args = new ArrayList<>(List.of("verify-bundle", "--json", "--trust", trust.toString()));
            exports.forEach(f -> args.add(f.toString()));
            LedgerCliProcess.Run verified = LedgerCliProcess.run(work, args.toArray(String[]::new));
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.out().strip().split("\n")).hasSize(3).allMatch(l -> l.contains("\"VALID\""), "VALID");
            // The approval's endorsements need the owner region among the majority.
            assertThat(verified.out()).contains("ENDORSEMENT_POLICY").contains("BLOCK_SIGNATURES");
            byte[] tampered = Files.readString(exports.get(0)).replace(DemoAlliance.CHAOZHOU, DemoAlliance.SHANTOU)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Path forged = Files.write(work.resolve("forged.bundle.json"), tampered);
            LedgerCliProcess.Run refused = LedgerCliProcess.run(work, "verify-bundle", "--trust", trust.toString(),
                    forged.toString());
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);

            // The same exports with nothing but the audit office's trust bundle: trust fetch, then verify-bundle.
            Path fetched = work.resolve("trust.json");
            LedgerCliProcess.Run trustFetch = LedgerCliProcess.run(work, "trust", "fetch", audit, "-o", fetched.toString());
            assertThat(trustFetch.exit()).as(trustFetch.out() + trustFetch.err()).isZero();
            assertThat(trustFetch.out()).contains("served and signed by " + DemoAlliance.AUDIT).contains("CA " + DemoAlliance.CHAOZHOU);
            List<String> withBundle = new ArrayList<>(List.of("verify-bundle", "--trust", fetched.toString()));
            exports.forEach(f -> withBundle.add(f.toString()));
            LedgerCliProcess.Run verifiedWithBundle = LedgerCliProcess.run(work, withBundle.toArray(String[]::new));
            assertThat(verifiedWithBundle.exit()).as(verifiedWithBundle.out() + verifiedWithBundle.err()).isZero();
        });
    }

    /**
     * Xiamen joins the running alliance with one command, {@code network/alliance/join xiamen 3502
     * "Xiamen, Fujian"}: its org on the network, its own service instance, and the amendment that
     * admits it, signed by every member's admin and its own through their instances. Then a case
     * received in Zhangzhou for Xiamen, chosen on the window page from the amended agreement, is
     * approved on Xiamen's instance and issued in Zhangzhou; Xiamen's public page verifies the
     * certificate, and the approval's bundle, endorsed on a five-org channel, verifies offline
     * with Xiamen's CA among the trusted ones.
     */
    @Test
    @Order(2)
    void aRegionJoinsTheRunningAllianceAndItsOwnInstanceDecidesACrossRegionCase(AllianceOnFabric.Running alliance)
            throws Exception {
        // Bad input is refused before anything changes.
        FabricNetwork.Result badCode = alliance.script(Duration.ofSeconds(60), JOIN, "xiamen", "35x", "Xiamen, Fujian");
        assertThat(badCode.exit()).as(badCode.tail(5)).isEqualTo(2);
        assertThat(String.join("\n", badCode.lines())).contains("'35x' is no region code");
        FabricNetwork.Result founder = alliance.script(Duration.ofSeconds(60), JOIN, "chaozhou", "4451", "Chaozhou");
        assertThat(founder.exit()).as(founder.tail(5)).isEqualTo(1);
        assertThat(String.join("\n", founder.lines())).contains("chaozhou (ChaozhouMSP) is a founding org of this network");
        assertThat(alliance.state().resolve("joined")).doesNotExist();

        FabricNetwork.Result joined = alliance.script(JOIN_WAIT, JOIN, "xiamen", "3502", "Xiamen, Fujian");
        assertThat(joined.exit()).as(joined.tail(40)).isZero();
        assertThat(joined.lines()).contains("alliance: ZhangzhouMSP proposed version 2 of agr-demo-alliance, admitting "
                        + "XiamenMSP (Xiamen, Fujian, 3502)")
                .contains("alliance: XiamenMSP signed version 2 of agr-demo-alliance through " + alliance.url("xiamen"))
                .contains("alliance: agr-demo-alliance version 2 is in force on every member's instance: ZhangzhouMSP, "
                        + "ChaozhouMSP, ShantouMSP, AuditMSP, XiamenMSP");
        System.err.println("alliance on fabric: network/alliance/join xiamen in " + joined.took().toMillis() + " ms");
        String zz = alliance.url("zhangzhou");
        String xm = alliance.url("xiamen");
        Path pdf = Files.write(work.resolve("certificate.pdf"), DeskPages.minimalPdf("Xiamen transfer certificate"));
        Path form = Files.writeString(work.resolve("transfer-application.txt"), "养老保险关系转移申请 Xiamen");

        inBrowser(browser -> {
            // Zhangzhou's clerk finds Xiamen among the home regions of the amended agreement.
            Page window = browser.newPage();
            window.navigate(zz + "/window.html");
            DeskPages.signIn(window, "clerk");
            window.waitForSelector("#homeOrg[data-version='2'] option[value=XiamenMSP]",
                    new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
            window.selectOption("#homeOrg", "XiamenMSP");
            String caseId = DeskPages.receive(window, form);
            window.click("#forward");
            DeskPages.waitCommitted(window, "FORWARDED", 2);
            shot(window, "forwarded-to-xiamen");

            // Xiamen's approver decides it on Xiamen's own instance.
            approveAtHome(browser, xm, caseId, XIAMEN, "xiamen");

            // Zhangzhou issues; Xiamen's public page verifies the certificate.
            String certId = DeskPages.issueCaseAndCertificate(window, pdf);
            DeskPages.awaitCertificateStatus(xm, certId, "VALID", COMMIT_WAIT);
            Page verdict = browser.newPage();
            verdict.navigate(xm + "/certificate.html?id=" + certId);
            verdict.waitForSelector("#certificate-status[data-status=VALID]");
            assertThat(verdict.getAttribute("#issuer-org", "data-org")).isEqualTo(DemoAlliance.ZHANGZHOU);
            shot(verdict, "valid-seen-at-xiamen");

            // The audit office's timeline, and the approval's bundle proven offline on five orgs' trust.
            Path approval = approvalBundle(browser.newPage(), alliance.url("audit"), caseId, XIAMEN);
            List<String> orgs = new ArrayList<>(FabricAlliance.ORGS);
            orgs.add("xiamen");
            LedgerCliProcess.Run verified = LedgerCliProcess.run(work, "verify-bundle", "--json", "--trust",
                    trust(alliance, orgs).toString(), approval.toString());
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.out()).contains("\"VALID\"").contains("ENDORSEMENT_POLICY");
            // Without Xiamen's CA and key, the auditor cannot prove what Xiamen signed.
            LedgerCliProcess.Run untrusted = LedgerCliProcess.run(work, "verify-bundle", "--trust",
                    trust(alliance, FabricAlliance.ORGS).toString(), approval.toString());
            assertThat(untrusted.exit()).as(untrusted.out() + untrusted.err()).isEqualTo(1);
        });
    }

    @Test
    @Order(3)
    void theAllianceLogIsCheckpointedCosignedByEveryOtherMemberAndATruncatedCheckpointIsRefused(
            AllianceOnFabric.Running alliance) throws Exception {
        String zhangzhou = alliance.url("zhangzhou");
        // Zhangzhou's instance produces; the three other founders' instances witness, each against
        // its own peer's copy of the ledger. A scheduled round may have recorded the tree already.
        JsonNode attempt = null;
        long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            attempt = send(zhangzhou + "/api/log/checkpoint", "admin", "{}");
            String outcome = attempt.path("outcome").asText();
            if ("RECORDED".equals(outcome) || "UP_TO_DATE".equals(outcome)) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(attempt).isNotNull();
        assertThat(attempt.path("outcome").asText()).as(attempt.toString()).isIn("RECORDED", "UP_TO_DATE");
        if ("RECORDED".equals(attempt.path("outcome").asText())) {
            assertThat(attempt.path("cosignedBy")).as(attempt.toString()).hasSize(3);
        }
        // The record reaches the ledger, and every witness remembers a tree at least that large.
        JsonNode log = null;
        while (System.nanoTime() < deadline) {
            log = send(zhangzhou + "/api/log", null, null);
            if (log.has("latestCheckpointRecord")) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(log).isNotNull();
        assertThat(log.path("latestCheckpointRecord").asText()).as(log.toString()).startsWith("DEMO-ALLIANCE/size-");
        long recorded = Long.parseLong(log.path("latestCheckpointRecord").asText().substring("DEMO-ALLIANCE/size-".length()));
        for (String witness : List.of("chaozhou", "shantou", "audit")) {
            JsonNode view = send(alliance.url(witness) + "/api/log/witness", null, null);
            assertThat(view.at("/lastCosigned/checkpoint/treeSize").asLong()).as(witness).isGreaterThanOrEqualTo(recorded);
        }

        // Zhangzhou, as a member that cuts history off, signs a smaller tree with its own record key:
        // Chaozhou's witness refuses it and keeps both checkpoints as evidence.
        java.security.PrivateKey key = Keys.readPrivateKeyPem(Files.readString(
                alliance.state().resolve("instances/zhangzhou/signing.key")));
        org.alliance.ledger.core.crypto.Signer signer = org.alliance.ledger.core.crypto.Signer.of(key,
                org.alliance.ledger.service.signing.SigningKeyLoader.derivePublic(key));
        JsonNode cosigned = send(alliance.url("chaozhou") + "/api/log/witness", null, null).path("lastCosigned");
        org.alliance.ledger.core.checkpoint.Checkpoint last = org.alliance.ledger.core.checkpoint.SignedCheckpoint
                .fromJson(cosigned.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).checkpoint();
        var truncated = org.alliance.ledger.core.checkpoint.SignedCheckpoint.sign(
                org.alliance.ledger.core.checkpoint.Checkpoint.of(last.allianceId(), DemoAlliance.ZHANGZHOU,
                        last.treeSize() - 1, last.rootBytes(), last.algorithm(),
                        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), signer);
        int before = send(alliance.url("chaozhou") + "/api/log/refusals", null, null).size();
        JsonNode refused = send(alliance.url("chaozhou") + "/api/log/witness", null,
                "{\"checkpoint\":" + truncated.toJson() + "}");
        assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.path("reason").asText()).isEqualTo("CHECKPOINT_TRUNCATED");
        JsonNode refusals = send(alliance.url("chaozhou") + "/api/log/refusals", null, null);
        assertThat(refusals).hasSize(before + 1);
        JsonNode evidence = refusals.get(refusals.size() - 1);
        assertThat(evidence.at("/candidate/checkpoint/treeSize").asLong()).isEqualTo(last.treeSize() - 1);
        assertThat(evidence.at("/lastCosigned/checkpoint/treeSize").asLong()).isEqualTo(last.treeSize());
    }

    /** A GET (no body) or a POST of JSON to an instance, as a user or nobody; the answer's JSON. */
    private static JsonNode send(String url, String user, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (json != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":alliance-dev").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return Api.json(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    /**
     * The auditor's trust directory for these orgs: each one's CA certificate from the network's
     * crypto material ({@code MSPID.ca.pem}) and its record-signing key as its instance publishes
     * it ({@code MSPID.record.pem}), the MSP id as the instance names it.
     */
    private Path trust(AllianceOnFabric.Running alliance, List<String> orgs) throws Exception {
        Path dir = Files.createDirectories(work.resolve("trust-" + orgs.size()));
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String org : orgs) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(alliance.url(org) + "/api/signing-key"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode key = Api.json(r.body());
                String msp = key.path("org").asText();
                Files.copy(alliance.state().resolve("crypto/peerOrganizations/" + org + ".alliance/ca/ca." + org
                        + ".alliance-cert.pem"), dir.resolve(msp + ".ca.pem"));
                PublicKey publicKey = Keys.publicKeyFromDer(Base64.getDecoder().decode(key.path("publicKey").asText()));
                Files.writeString(dir.resolve(msp + ".record.pem"), Keys.toPem(publicKey));
            }
        }
        return dir;
    }

    /**
     * On the audit office's instance: the case's timeline (received, forwarded, approved by the
     * home region, issued), and the approval's evidence bundle exported, anchored on Fabric.
     *
     * @return the bundle, copied into the test's directory
     */
    private Path approvalBundle(Page auditor, String audit, String caseId, String approvedBy) throws Exception {
        auditor.navigate(audit + "/audit.html?case=" + caseId);
        DeskPages.signIn(auditor, "auditor");
        auditor.click("#timeline");
        auditor.waitForSelector("#timeline-view #steps tbody tr:nth-child(4)");
        assertThat(auditor.locator("#timeline-view #steps tbody tr").evaluateAll(
                "rows => rows.map(r => r.dataset.action)")).isEqualTo(List.of("RECEIVE", "FORWARD", "APPROVE", "ISSUE"));
        assertThat(auditor.getAttribute("#timeline-view #steps tbody tr:nth-child(3)", "data-org")).isEqualTo(approvedBy);
        shot(auditor, "audit-timeline");
        String approveRecord = auditor.locator("#timeline-view #steps tbody tr:nth-child(3)").getAttribute("data-record");
        auditor.fill("#recordInput", approveRecord);
        Path downloaded = auditor.waitForDownload(() -> auditor.click("#bundle")).path();
        auditor.waitForSelector("#bundle-notice:not([hidden])");
        shot(auditor, "audit-bundle-exported");
        EvidenceBundle bundle = EvidenceBundle.parse(Files.readAllBytes(downloaded));
        assertThat(bundle.anchor().ledger()).isEqualTo(EvidenceBundle.FabricAnchor.LEDGER);
        return Files.copy(downloaded, work.resolve("approval-" + caseId + ".bundle.json"));
    }

    /**
     * The home region's approver, on its own instance, waits for the forwarded case to reach its
     * worklist through the network's events and approves it as filed.
     */
    private void approveAtHome(Browser browser, String home, String caseId, String org, String region) {
        Page approver = browser.newPage();
        approver.navigate(home + "/approver.html?case=" + caseId);
        DeskPages.signIn(approver, "approver");
        DeskPages.awaitInWorklist(approver, caseId, COMMIT_WAIT);
        shot(approver, region + "-worklist");
        DeskPages.approveAsFiled(approver);
        assertThat(approver.getAttribute("#steps tbody tr:nth-child(3)", "data-org")).isEqualTo(org);
        shot(approver, "approved-in-" + region);
    }

    /** One flow in Chromium: on failure, a screenshot of every page and the pages' console. */
    private void inBrowser(Flow flow) throws Exception {
        person = new KioskPerson(work);
        try (Browser browser = Browser.launch(work.resolve("profile"), 1200, 1400, person.cameraArgs())) {
            person.watch(browser.context());
            List<String> console = new CopyOnWriteArrayList<>();
            browser.context().onPage(p -> {
                p.onConsoleMessage(m -> console.add(p.url() + ": " + m.type() + ": " + m.text()));
                p.onPageError(e -> console.add(p.url() + ": uncaught: " + e));
            });
            try {
                flow.run(browser);
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

    /** The steps of a flow in the browser. */
    @FunctionalInterface
    private interface Flow {
        void run(Browser browser) throws Exception;
    }

    private void shot(Page page, String name) {
        shots++;
        Browser.shot(page, String.format("fabric-flow-%02d-%s", shots, name));
    }
}
