package org.alliance.ledger.service.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.alliance.ledger.bench.BarPlot;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The worklist and overdue pages with 10^3 cases on the embedded ledger, then with 10^5, in the
 * same run: each page is one keyset query of the case projection, so its cost should not grow with
 * the number of cases. Also the projection's catch-up rate on the cases written in between. Tagged
 * {@code bench}: {@code ./alliance mvn -o -q -pl identity-service -am test -Dtest=CaseViewsBench
 * -DexcludedTestTags=none -Dsurefire.failIfNoSpecifiedTests=false}; writes {@code target/case-views-bench.md}
 * and its figure {@code target/case-views-bench.png}.
 */
@Tag("bench")
class CaseViewsBench extends ServiceTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(CaseViewsBench.class);
    private static final int SMALL = 1_000;
    private static final int LARGE = 100_000;
    private static final int BATCH = 250;
    private static final int REQUESTS = 200;
    private static final String WORKLIST = "/api/cases?role=accepting&state=RECEIVED&pageSize=20";
    private static final String OVERDUE = "/api/audit/cases/overdue?region=ZhangzhouMSP&pageSize=20";

    @Autowired
    ProjectionStatus projection;
    @Autowired
    ProjectionRunner runner;

    private int written;

    @Test
    void worklistAndOverduePagesCostTheSameWithAHundredTimesTheCases() throws Exception {
        Catchup first = grow(SMALL);
        double[] smallWorklist = time("clerk", WORKLIST);
        double[] smallOverdue = time("auditor", OVERDUE);
        Catchup second = grow(LARGE);
        double[] largeWorklist = time("clerk", WORKLIST);
        double[] largeOverdue = time("auditor", OVERDUE);

        String table = String.format(Locale.ROOT, """
                | page (%d requests each) | cases | p50 ms | p95 ms | p50 / 10^3 | p95 / 10^3 |
                |---|---|---|---|---|---|
                | worklist (clerk, accepting, RECEIVED) | %d | %.2f | %.2f | 1 | 1 |
                | worklist | %d | %.2f | %.2f | %.2f | %.2f |
                | overdue (auditor, one region) | %d | %.2f | %.2f | 1 | 1 |
                | overdue | %d | %.2f | %.2f | %.2f | %.2f |

                | projection catch-up | batches | records | seconds | batches/s | records/s |
                |---|---|---|---|---|---|
                | first %d cases | %d | %d | %.1f | %.1f | %.0f |
                | next %d cases | %d | %d | %.1f | %.1f | %.0f |

                load average at the end: %s; %d cores

                ![page latency at 10^5 cases against 10^3](case-views-bench.png)
                """, REQUESTS,
                SMALL, p(smallWorklist, 50), p(smallWorklist, 95),
                LARGE, p(largeWorklist, 50), p(largeWorklist, 95), p(largeWorklist, 50) / p(smallWorklist, 50),
                p(largeWorklist, 95) / p(smallWorklist, 95),
                SMALL, p(smallOverdue, 50), p(smallOverdue, 95),
                LARGE, p(largeOverdue, 50), p(largeOverdue, 95), p(largeOverdue, 50) / p(smallOverdue, 50),
                p(largeOverdue, 95) / p(smallOverdue, 95),
                SMALL, first.batches, first.records, first.seconds, first.batches / first.seconds, first.records / first.seconds,
                LARGE - SMALL, second.batches, second.records, second.seconds, second.batches / second.seconds,
                second.records / second.seconds, Files.readString(Path.of("/proc/loadavg")).strip(),
                Runtime.getRuntime().availableProcessors());
        Files.writeString(Path.of("target", "case-views-bench.md"), table);
        Plot.write(Path.of("target", "case-views-bench.png"),
                BarPlot.of("Worklist and overdue pages, " + REQUESTS + " requests each", "ms per page",
                        "worklist p50", "worklist p95", "overdue p50", "overdue p95")
                        .bars(String.format(Locale.ROOT, "%,d cases (baseline)", SMALL), p(smallWorklist, 50),
                                p(smallWorklist, 95), p(smallOverdue, 50), p(smallOverdue, 95))
                        .bars(String.format(Locale.ROOT, "%,d cases", LARGE), p(largeWorklist, 50), p(largeWorklist, 95),
                                p(largeOverdue, 50), p(largeOverdue, 95)));
        LOG.info("case views benchmark:\n{}", table);
    }

    /** How long the projection took to take in the batches written since the last call. */
    private record Catchup(int batches, int records, double seconds) {
    }

    /**
     * Receives cases at Zhangzhou for Chaozhou until {@code total} exist, straight on the ledger in
     * batches, spread over four days so that the one-day item's cases fall overdue, while the
     * projection is stopped; then starts it and times it catching up.
     */
    private Catchup grow(int total) throws InterruptedException {
        runner.stop();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Duration spread = Duration.ofDays(4);
        Caller clerk = new Caller(DemoAlliance.ZHANGZHOU, Role.CLERK, "bench@ZhangzhouMSP");
        List<Long> blocks = new ArrayList<>();
        int records = 0;
        while (written < total) {
            List<SignedRecord> batch = new ArrayList<>();
            for (int i = 0; i < BATCH && written < total; i++, written++) {
                String caseId = "bench-case-" + written;
                String item = written % 2 == 0 ? "PENSION-QUALIFY" : DemoAlliance.PENSION_TRANSFER;
                Instant at = now.minus(spread).plusMillis(spread.toMillis() * written / LARGE);
                batch.add(service.create(caseId, at, null, new CaseBody(caseId, Api.AGREEMENT, item,
                        DemoAlliance.ZHANGZHOU, DemoAlliance.CHAOZHOU, Api.SUBJECT, null, List.of(), false)));
            }
            BatchReceipt receipt = ledger.submit(clerk, batch);
            blocks.add(ledger.status(receipt.batchId()).blockNumber());
            records += batch.size();
            if (written % 10_000 == 0) {
                LOG.info("{} cases on the ledger", written);
            }
        }
        long t0 = System.nanoTime();
        runner.start();
        assertThat(projection.awaitBlock(blocks.get(blocks.size() - 1), Duration.ofMinutes(30))).isTrue();
        return new Catchup(blocks.size(), records, (System.nanoTime() - t0) / 1e9);
    }

    private double[] time(String user, String path) throws Exception {
        for (int i = 0; i < 20; i++) {
            api.get(user, path).andExpect(status().isOk());
        }
        double[] ms = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long t0 = System.nanoTime();
            api.get(user, path).andExpect(status().isOk());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double p(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
