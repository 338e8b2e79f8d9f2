package org.alliance.ledger.service.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the browser tests do on the staff pages (window, approver, recognition, audit): sign in, wait for the ledger. */
public final class DeskPages {
    private DeskPages() {
    }

    /**
     * Signs in on a staff page with a development user.
     *
     * @param page the page
     * @param user the user
     */
    public static void signIn(Page page, String user) {
        page.fill("#login-user", user);
        page.fill("#login-password", Regions.DEV_PASSWORD);
        page.click("#login-submit");
        page.waitForSelector("#signed-in");
    }

    /**
     * Signs out.
     *
     * @param page the page
     */
    public static void signOut(Page page) {
        page.click("#sign-out");
        page.waitForSelector("#login-form");
    }

    /**
     * Waits until the case view shows the state and its first {@code steps} steps committed,
     * failing with the page's error if it shows one.
     *
     * @param page the page with a case view
     * @param state the case state
     * @param steps how many steps must be committed
     */
    public static void waitCommitted(Page page, String state, int steps) {
        page.waitForSelector("#case-state[data-state=" + state + "], #error:not([hidden])");
        assertThat(page.isVisible("#error")).as("the page's error: %s", page.textContent("#error")).isFalse();
        page.waitForFunction("n => document.querySelectorAll('#case #steps tbody tr[data-ledger=COMMITTED]').length >= n",
                steps);
    }

    /** The pension transfer's title in the window page's catalogue (Chinese, the pages' default). */
    public static final String PENSION_TRANSFER_TITLE = "基本养老保险关系转移接续";

    /**
     * On the window page, with the clerk signed in: picks an item from the catalogue by its title,
     * as a clerk does, once the catalogue has been read.
     *
     * @param window the window page
     * @param title the item's title in the page's language
     */
    public static void chooseItem(Page window, String title) {
        window.waitForSelector("#item option[data-item]", new Page.WaitForSelectorOptions()
                .setState(WaitForSelectorState.ATTACHED));
        window.selectOption("#item", new SelectOption().setLabel(title));
        window.waitForSelector("#item-title");
    }

    /**
     * On the window page, with the clerk signed in: receives a pension transfer for the holder of
     * {@link Checks#ID_NUMBER} (the card the clerk is shown, typed), with one material file, the
     * transfer application, for the home region selected; nothing else is typed.
     *
     * @param window the window page
     * @param material the material file, hashed in the browser
     * @return the case id, once its receipt is committed
     */
    public static String receive(Page window, java.nio.file.Path material) {
        chooseItem(window, PENSION_TRANSFER_TITLE);
        window.fill("#idNumber", Checks.ID_NUMBER);
        window.setInputFiles("#material-file-transfer-application", material);
        window.waitForSelector("#material-hashes[data-count='1']");
        window.click("#receive");
        waitCommitted(window, "RECEIVED", 1);
        return window.textContent("#case-id");
    }

    /**
     * On the approver page, signed in: refreshes the worklist until the forwarded case is in it,
     * which on Fabric takes the network's events to the home region's instance.
     *
     * @param approver the approver page
     * @param caseId the case
     * @param wait the bound
     */
    public static void awaitInWorklist(Page approver, String caseId, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (!approver.textContent("#waiting").contains(caseId)) {
            assertThat(System.nanoTime() - until).as("%s in the worklist within %s", caseId, wait).isNegative();
            approver.waitForTimeout(500);
            approver.click("#refresh-waiting");
        }
    }

    /**
     * On the approver page, with the forwarded case in the worklist: opens it and approves it as
     * filed, waiting for the approval (the third step) to be committed.
     *
     * @param approver the approver page
     */
    public static void approveAsFiled(Page approver) {
        approver.click("#load");
        approver.waitForSelector("#case-state[data-state=FORWARDED]");
        approver.selectOption("#noteReason", "AS_FILED");
        approver.click("#approve");
        waitCommitted(approver, "APPROVED", 3);
    }

    /**
     * On the window page, the issuer takes over from the clerk: signs in, opens the approved case,
     * issues it (its fourth step, committed) and issues its certificate from the file.
     *
     * @param window the window page, with the case in it and the clerk signed in
     * @param certificate the certificate file (PDF or OFD)
     * @return the certificate id
     */
    public static String issueCaseAndCertificate(Page window, java.nio.file.Path certificate) {
        signOut(window);
        signIn(window, "issuer");
        window.click("#load");
        window.waitForSelector("#case-state[data-state=APPROVED]");
        // The issuer picks the window and the certificate type by name; the page sends their codes.
        for (String choice : List.of("#window", "#typeCode")) {
            assertThat((String) window.evalOnSelector(choice, "s => s.selectedOptions[0].text"))
                    .isNotBlank().isNotEqualTo(window.inputValue(choice));
        }
        window.click("#issue");
        waitCommitted(window, "ISSUED", 4);
        window.setInputFiles("#certificateFile", certificate);
        window.click("#issue-certificate");
        window.waitForSelector("#certificate-issued");
        return window.inputValue("#certificateIdInput");
    }

    /**
     * Asserts that the recognition section shows the API's (or the page's) refusal with its reason code.
     *
     * @param page the recognition page
     * @param reason the code
     */
    public static void assertRecognitionRefused(Page page, String reason) {
        page.waitForSelector("#recognition-error:not([hidden])[data-reason=" + reason + "]");
        assertThat(page.textContent("#recognition-error .reason")).isEqualTo(reason);
        assertThat(page.isVisible("#recognition #recognition-id")).isFalse();
    }

    /**
     * Polls a certificate's public status until it is the one expected.
     *
     * @param base the instance's base URL
     * @param certId the certificate
     * @param status the status awaited
     * @param wait the bound
     * @throws Exception if the status is not reached, or the request fails
     */
    public static void awaitCertificateStatus(String base, String certId, String status, Duration wait) throws Exception {
        Instant deadline = Instant.now().plus(wait);
        String last = null;
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (Instant.now().isBefore(deadline)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/certificates/" + certId + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = Api.json(r.body());
                last = body.path("status").asText();
                if (status.equals(last)) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("certificate " + certId + " is " + last + " at " + base + ", not " + status + " after " + wait);
    }

    /**
     * A minimal valid PDF 1.4: one empty page, with a correct cross-reference table (byte offsets
     * computed, not guessed) and the given text as the document title.
     *
     * @param title the title
     * @return the PDF
     */
    public static byte[] minimalPdf(String title) {
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                "<< /Title (" + title + ") >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int i = 0; i < objects.size(); i++) {
            xref.append(String.format("%010d 00000 n \n", pdf.length()));
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int start = pdf.length();
        pdf.append(xref).append("trailer\n<< /Size ").append(objects.size() + 1)
                .append(" /Root 1 0 R /Info 4 0 R >>\nstartxref\n").append(start).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
