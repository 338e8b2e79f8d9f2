package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
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
import org.junit.jupiter.api.Tag;
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
 * signatures, the validation code), and refuses once tampered. A screenshot per step goes to
 * {@code target/screenshots/fabric-flow-NN-*.png}.
 */
@Tag("fabric")
@Tag("browser")
@ExtendWith(AllianceOnFabric.class)
class AllianceOnFabricIT {
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private int shots;

    @Test
    void kioskReceiveForwardRefuseApproveIssueRecogniseRevokeAndAuditAcrossFourInstancesOnFabric(
            AllianceOnFabric.Running alliance) throws Exception {
        String zz = alliance.url("zhangzhou");
        String cz = alliance.url("chaozhou");
        String st = alliance.url("shantou");
        String audit = alliance.url("audit");
        Path pdf = Files.write(work.resolve("certificate.pdf"), DeskPages.minimalPdf("Pension transfer certificate"));
        Path form = Files.writeString(work.resolve("transfer-application.txt"), "养老保险关系转移申请 transfer application");

        try (Browser browser = Browser.launch(work.resolve("profile"), 1200, 1400, KioskPerson.cameraArgs())) {
            List<String> console = new CopyOnWriteArrayList<>();
            browser.context().onPage(p -> {
                p.onConsoleMessage(m -> console.add(p.url() + ": " + m.type() + ": " + m.text()));
                p.onPageError(e -> console.add(p.url() + ": uncaught: " + e));
            });
            try {
                // 1. The applicant proves who they are at Zhangzhou's kiosk.
                Page kiosk = browser.newPage();
                kiosk.navigate(zz + "/kiosk.html?countdown=0");
                KioskPerson.fillDetails(kiosk, KioskPerson.reference(work));
                kiosk.click("#start");
                KioskPerson.answerChallenge(kiosk, step -> { });
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
                window.fill("#subjectRef", Api.SUBJECT);
                window.setInputFiles("#materials", new Path[] {form});
                window.waitForSelector("#material-hashes[data-count='1']");
                window.selectOption("#material-hashes tbody tr:nth-child(1) select", "transfer-application");
                window.click("#receive");
                DeskPages.waitCommitted(window, "RECEIVED", 1);
                String caseId = window.textContent("#case-id");
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
                Page approver = browser.newPage();
                approver.navigate(cz + "/approver.html?case=" + caseId);
                DeskPages.signIn(approver, "approver");
                // The forwarded case reaches Chaozhou's worklist through the network's events.
                long until = System.nanoTime() + COMMIT_WAIT.toNanos();
                while (!approver.textContent("#waiting").contains(caseId)) {
                    assertThat(System.nanoTime() - until).as("%s in Chaozhou's worklist within %s", caseId, COMMIT_WAIT)
                            .isNegative();
                    approver.waitForTimeout(500);
                    approver.click("#refresh-waiting");
                }
                shot(approver, "chaozhou-worklist");
                approver.click("#load");
                approver.waitForSelector("#case-state[data-state=FORWARDED]");
                approver.selectOption("#noteReason", "AS_FILED");
                approver.click("#approve");
                DeskPages.waitCommitted(approver, "APPROVED", 3);
                assertThat(approver.textContent("#steps tbody tr:nth-child(3)")).contains(DemoAlliance.CHAOZHOU);
                shot(approver, "approved-in-chaozhou");

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
                    assertThat(verdict.textContent("#issuer-org")).isEqualTo(DemoAlliance.ZHANGZHOU);
                    shot(verdict, "revoked-seen-at-" + URI.create(region).getPort());
                    verdict.close();
                }

                // 8. The audit office's read-only instance: the timeline, and the evidence exported.
                Page auditor = browser.newPage();
                auditor.navigate(audit + "/audit.html?case=" + caseId);
                DeskPages.signIn(auditor, "auditor");
                auditor.click("#timeline");
                auditor.waitForSelector("#timeline-view #steps tbody tr:nth-child(4)");
                assertThat(auditor.locator("#timeline-view #steps tbody tr").evaluateAll(
                        "rows => rows.map(r => r.dataset.action)")).isEqualTo(List.of("RECEIVE", "FORWARD", "APPROVE", "ISSUE"));
                shot(auditor, "audit-timeline");
                String approveRecord = auditor.locator("#timeline-view #steps tbody tr:nth-child(3)").getAttribute("data-record");
                auditor.fill("#recordInput", approveRecord);
                Path downloaded = auditor.waitForDownload(() -> auditor.click("#bundle")).path();
                auditor.waitForSelector("#bundle-notice:not([hidden])");
                shot(auditor, "audit-bundle-exported");
                EvidenceBundle bundle = EvidenceBundle.parse(Files.readAllBytes(downloaded));
                assertThat(bundle.anchor().ledger()).isEqualTo(EvidenceBundle.FabricAnchor.LEDGER);
                List<Path> exports = new ArrayList<>(List.of(Files.copy(downloaded, work.resolve("approval.bundle.json"))));
                for (String button : List.of("#export-timeline", "#export-history")) {
                    if (button.equals("#export-history")) {
                        auditor.fill("#targetInput", certId);
                    }
                    Path exported = auditor.waitForDownload(() -> auditor.click(button)).path();
                    exports.add(Files.copy(exported, work.resolve(button.substring(1) + ".package.json")));
                }
                shot(auditor, "audit-packages-exported");

                // 9. Offline, with only the members' CA certificates and record keys: the packaged CLI.
                Path trust = trust(alliance, zz, cz, st, audit);
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

    /**
     * The auditor's trust directory: each member's CA certificate from the network's crypto
     * material ({@code MSPID.ca.pem}) and each region's record-signing key as its instance
     * publishes it ({@code MSPID.record.pem}).
     */
    private Path trust(AllianceOnFabric.Running alliance, String... instances) throws Exception {
        Path dir = Files.createDirectories(work.resolve("trust"));
        for (String org : FabricAlliance.ORGS) {
            Files.copy(alliance.state().resolve("crypto/peerOrganizations/" + org + ".alliance/ca/ca." + org
                    + ".alliance-cert.pem"), dir.resolve(DemoAlliance.mspIds().get(FabricAlliance.ORGS.indexOf(org)) + ".ca.pem"));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String base : instances) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/signing-key")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode key = Api.json(r.body());
                PublicKey publicKey = Keys.publicKeyFromDer(Base64.getDecoder().decode(key.path("publicKey").asText()));
                Files.writeString(dir.resolve(key.path("org").asText() + ".record.pem"), Keys.toPem(publicKey));
            }
        }
        return dir;
    }

    private void shot(Page page, String name) {
        shots++;
        Browser.shot(page, String.format("fabric-flow-%02d-%s", shots, name));
    }
}
