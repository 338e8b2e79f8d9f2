package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alliance.ledger.service.testkit.Browser;
import org.alliance.ledger.service.testkit.DeskPages;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The audit page's chart of case durations against each item's time limit, in Debian's Chromium
 * (headless, Playwright), in Chinese and in English, over the cases of {@link TimedCases}: a row
 * per catalogue item with its dashed limit line (every row's at the same x), a mark per case on
 * the right side of the line and in the over-limit colour exactly when the service says it is over,
 * finished cases filled and open ones hollow, each with a hover title giving its case id and
 * duration; the summary and the table of counts beside it; every request to the service itself
 * (the chart needs nothing from elsewhere); and an unknown item refused on the page in its
 * language. Screenshots go to {@code target/screenshots/audit-chart-LANG.png}, and of the chart's section
 * alone to {@code audit-chart-LANG-section.png}.
 */
@Tag("browser")
class AuditChartBrowserTest extends ServiceTestBase {
    @LocalServerPort
    int port;

    @TempDir
    Path work;

    @Test
    void theChartShowsEachCaseAgainstItsItemsLimitInBothLanguages() throws Exception {
        TimedCases cases = TimedCases.take(api, clock, worker, ledger);
        String from = cases.monday().toString();
        String to = cases.monday().plusDays(4).toString();
        TimedCases.awaitProjected(api, "/api/audit/durations?from=" + from + "&to=" + to, 5);
        String base = "http://127.0.0.1:" + port;
        int items = TimedCases.itemsInForce(api).size();
        try (Browser browser = Browser.launch(work.resolve("profile"), 1200, 1400, List.of())) {
            for (String lang : List.of("zh-CN", "en")) {
                Page page = browser.newPage();
                List<String> elsewhere = new CopyOnWriteArrayList<>();
                page.onRequest(r -> {
                    if (!r.url().startsWith(base + "/")) {
                        elsewhere.add(r.url());
                    }
                });
                page.navigate(base + "/audit.html?lang=" + lang);
                DeskPages.signIn(page, "auditor");
                page.fill("#chart-from", from);
                page.fill("#chart-to", to);
                page.click("#durations");
                page.waitForSelector("#durations-chart, #error:not([hidden])");
                assertThat(page.isVisible("#error")).as("the page's error: %s", page.textContent("#error")).isFalse();

                assertThat(page.locator("#durations-chart .chart-item").count()).isEqualTo(items);
                assertThat(page.locator("#durations-chart .limit-line").count()).isEqualTo(items);
                assertThat(page.locator("#durations-chart .mark").count()).isEqualTo(5);
                assertThat(page.getAttribute("#durations-chart", "role")).isEqualTo("img");
                // The limit lines line up, so the rows compare as shares of their limits.
                assertThat(page.locator("#durations-chart .limit-line").evaluateAll(
                        "lines => [...new Set(lines.map(l => l.getAttribute('x1')))]")).asList().hasSize(1);
                assertThat(page.getAttribute(".limit-line[data-item=" + TimedCases.SETUP + "]", "data-days")).isEqualTo("3");
                assertThat(page.getAttribute(".limit-line[data-item=" + TimedCases.PENSION_CHECK + "]", "data-days"))
                        .isEqualTo("1");
                double limit = Double.parseDouble(page.getAttribute(".limit-line[data-item=" + TimedCases.SETUP + "]", "x1"));

                assertMark(page, cases.issuedSameDay(), false, true, limit);
                assertMark(page, cases.rejectedNextDay(), false, true, limit);
                assertMark(page, cases.issuedLate(), true, true, limit);
                assertMark(page, cases.openWithin(), false, false, limit);
                assertMark(page, cases.openOver(), true, false, limit);
                assertThat(page.locator(".chart-item[data-item=" + TimedCases.PENSION_CHECK + "] .mark").count()).isEqualTo(1);
                // One colour for the marks over the limit, another for those within.
                String colours = "marks => [...new Set(marks.map(m => m.getAttribute('stroke')))]";
                List<Object> overColours = (List<Object>) page.locator(".mark[data-over=true]").evaluateAll(colours);
                List<Object> withinColours = (List<Object>) page.locator(".mark[data-over=false]").evaluateAll(colours);
                assertThat(overColours).hasSize(1);
                assertThat(withinColours).hasSize(1).doesNotContainAnyElementsOf(overColours);

                String late = page.textContent(".mark[data-case='" + cases.issuedLate() + "'] title");
                String setupRow = page.textContent("#durations-table tbody tr[data-item=" + TimedCases.SETUP + "]");
                if (lang.equals("en")) {
                    assertThat(late).isEqualTo(cases.issuedLate() + ": 4 working days (101 h), Finished · Issued, Over the limit");
                    assertThat(page.textContent(".chart-item[data-item=" + TimedCases.SETUP + "] text"))
                            .isEqualTo("Enterprise establishment registration");
                    assertThat(page.textContent("#durations-summary")).endsWith(items
                            + " items, 5 cases; 3 finished, 1 of them over the limit; 2 open, 1 of them over the limit.");
                    assertThat(page.evaluate("() => document.querySelector('main').innerText.match(/[\\u4e00-\\u9fff]/g)"))
                            .as("Chinese text on the English page").isNull();
                } else {
                    assertThat(late).isEqualTo(cases.issuedLate() + "：4 个工作日（101 小时），已办结 · 已出件，超期");
                    assertThat(page.textContent(".chart-item[data-item=" + TimedCases.SETUP + "] text")).isEqualTo("企业设立登记");
                    assertThat(page.textContent("#durations-summary")).endsWith(
                            items + " 个事项，共 5 件；已办结 3 件，其中超期 1 件；办理中 2 件，其中超期 1 件。");
                }
                assertThat(setupRow).startsWith(lang.equals("en") ? "Enterprise establishment registration" : "企业设立登记");
                assertThat(page.locator("#durations-table tbody tr[data-item=" + TimedCases.SETUP + "] td").allTextContents())
                        .containsSubsequence("2", "1", "1", "0");
                assertThat(page.getAttribute("html", "data-i18n-missing")).as("dictionary keys missing").isNull();
                Browser.shot(page, "audit-chart-" + lang);
                page.locator("section:has(#durations-chart)").screenshot(new Locator.ScreenshotOptions()
                        .setPath(Browser.screenshots().resolve("audit-chart-" + lang + "-section.png")));

                // One item, picked by its title: its row alone.
                String setupTitle = lang.equals("en") ? "Enterprise establishment registration" : "企业设立登记";
                page.selectOption("#chart-item", new SelectOption().setLabel(setupTitle));
                assertThat(page.inputValue("#chart-item")).isEqualTo(TimedCases.SETUP);
                page.click("#durations");
                page.waitForCondition(() -> page.locator("#durations-chart .chart-item").count() == 1);
                assertThat(page.locator("#durations-chart .mark").count()).isEqualTo(4);
                // A period that ends before it starts: refused, in the page's language, and the chart
                // stays as it was.
                page.fill("#chart-from", to);
                page.fill("#chart-to", from);
                page.click("#durations");
                page.waitForSelector("#error:not([hidden])");
                assertThat(page.textContent("#error .reason")).isEqualTo("BAD_DATE");
                assertThat(page.textContent("#error")).contains(lang.equals("en") ? "A date is not valid." : "日期有误。");
                assertThat(page.locator("#durations-chart .mark").count()).isEqualTo(4);
                assertThat(elsewhere).as("requests to anywhere but the service").isEmpty();
                page.close();
            }
        }
    }

    /** A case's mark: its side of the limit line, colour class, fill and hover title. */
    private static void assertMark(Page page, String caseId, boolean over, boolean finished, double limitX) {
        Locator mark = page.locator(".mark[data-case='" + caseId + "']");
        assertThat(mark.count()).as(caseId).isEqualTo(1);
        assertThat(mark.getAttribute("data-over")).as(caseId).isEqualTo(String.valueOf(over));
        assertThat(mark.getAttribute("data-finished")).as(caseId).isEqualTo(String.valueOf(finished));
        double x = Double.parseDouble(mark.getAttribute("cx"));
        assertThat(over ? x > limitX : x <= limitX).as("%s at x %s, the limit at %s", caseId, x, limitX).isTrue();
        assertThat(mark.getAttribute("fill")).as(caseId).isEqualTo(finished ? mark.getAttribute("stroke") : "#fff");
        assertThat(mark.locator("title").textContent()).startsWith(caseId);
    }
}
