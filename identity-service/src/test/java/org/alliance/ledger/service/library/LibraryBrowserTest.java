package org.alliance.ledger.service.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.Regions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The public certificate page's library check, in Debian's Chromium (headless, Playwright): the
 * page hashes a certificate file of the library in the browser, fetches its proof and verifies it
 * there against the root, showing where that root is recorded on the ledger; then a pasted hash
 * of a certificate that is not in the library, and a malformed one. Screenshots go to
 * {@code target/screenshots/library-*.png}.
 */
@Tag("browser")
class LibraryBrowserTest extends LibraryTestBase {
    @LocalServerPort
    int port;

    @TempDir
    Path work;

    @Test
    void thePageVerifiesACertificateOfTheLibraryAndReportsOneThatIsNot() throws Exception {
        mvc.perform(MockMvcRequestBuilders.post("/api/library/checkpoint").headers(Regions.as("admin")))
                .andExpect(status().isOk());
        worker.drain();
        Path pdf = Files.write(work.resolve("certificate.pdf"), PDF);
        String root = Hex.encode(built().root());

        try (Browser browser = Browser.launch(work.resolve("profile"), 1200, 1400, List.of())) {
            Page page = browser.newPage();
            page.navigate("http://127.0.0.1:" + port + "/certificate.html");
            page.setInputFiles("#libraryFile", pdf);
            page.click("#library-check");
            page.waitForSelector("#library-status, #library-error:not([hidden])");
            Browser.shot(page, "library-1-included");
            assertThat(page.isVisible("#library-error")).as("the page's error: %s", page.textContent("#library-error"))
                    .isFalse();
            assertThat(page.getAttribute("#library-status", "data-verdict")).isEqualTo("INCLUDED");
            assertThat(page.inputValue("#libraryHash")).isEqualTo(Hex.encode(sha256(PDF)));
            assertThat(page.textContent("#library-index")).isEqualTo(String.valueOf(PDF_INDEX));
            assertThat(page.textContent("#library-root")).isEqualTo(root);
            assertThat(page.textContent("#library-recorded")).contains("/size-" + SIZE).contains("COMMITTED");

            page.setInputFiles("#libraryFile", new Path[0]);
            page.fill("#libraryHash", Hex.encode(SYNTHETIC.hash(SIZE)));
            page.click("#library-check");
            page.waitForSelector("#library-status[data-verdict=NOT_INCLUDED]");
            Browser.shot(page, "library-2-not-included");
            assertThat(page.textContent("#library-root")).isEqualTo(root);

            page.fill("#libraryHash", "not a hash");
            page.click("#library-check");
            page.waitForSelector("#library-error:not([hidden])");
            assertThat(page.textContent("#library-error")).contains("BAD_FIELD");
        }
    }
}
