package org.alliance.ledger.service.web;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.alliance.ledger.bench.BarPlot;
import org.alliance.ledger.bench.Plot;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.FlakyLedger;
import org.alliance.ledger.service.testkit.LedgerOutageTestBase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a clerk's write costs while kiosk checks pile up in the outbox during a ledger outage:
 * receiving a case with no backlog (the baseline, each receive committed before the next) and
 * with {@value #KIOSK_CHECKS} unrelated attestations waiting (the receives then wait too, up to
 * {@value #WRITES} of them, and those are replayed), plus, for comparison in the same run, one dry run that replays that whole
 * backlog, which is what every write cost before attestations were left out. Tagged {@code bench}:
 * {@code ./alliance mvn -o -q -pl identity-service -am test -Dtest=DryRunBacklogBench -DexcludedTestTags=none
 * -Dsurefire.failIfNoSpecifiedTests=false}; writes {@code target/dry-run-backlog-bench.md} and its figure
 * {@code target/dry-run-backlog-bench.png}.
 */
@Tag("bench")
class DryRunBacklogBench extends LedgerOutageTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunBacklogBench.class);
    private static final int KIOSK_CHECKS = 500;
    private static final int WRITES = 30;

    @Test
    void clerkWritesDoNotSlowDownWithTheKioskBacklog() throws Exception {
        for (int i = 0; i < 10; i++) {
            receive();
            worker.drain();
        }
        double[] empty = timeReceives(true);

        flaky.mode(FlakyLedger.Mode.FAIL_BEFORE);
        for (int i = 0; i < KIOSK_CHECKS; i++) {
            mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request()).andExpect(status().isCreated());
        }
        double[] withBacklog = timeReceives(false);

        List<OutboxEntry> backlog = outbox.backlog();
        List<PendingBatch> all = backlog.stream()
                .map(e -> new PendingBatch(new Caller("ZhangzhouMSP", e.callerRole(), "bench"), List.of(e.signedRecord()))).toList();
        double[] replayAll = new double[5];
        for (int i = 0; i < replayAll.length; i++) {
            long t0 = System.nanoTime();
            PendingBatch last = all.get(all.size() - 1);
            ledger.simulate(all.subList(0, all.size() - 1), last.caller(), last.records());
            replayAll[i] = (System.nanoTime() - t0) / 1e6;
        }

        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        String table = String.format(Locale.ROOT, """
                | receive a case (%d writes, median ms) | backlog | ms | / baseline |
                |---|---|---|---|
                | baseline: nothing waiting | 0 | %.1f | 1 |
                | with kiosk attestations waiting (left out of the dry run; the receives pile up too) | %d | %.1f | %.2f |
                | one dry run replaying the whole backlog (the cost before, per write) | %d | %.1f | %.1f |

                load average at the end: %s; %d cores

                ![receive median against the baseline](dry-run-backlog-bench.png)
                """, WRITES, median(empty), backlog.size(), median(withBacklog), median(withBacklog) / median(empty),
                all.size(), median(replayAll), median(replayAll) / median(empty), load,
                Runtime.getRuntime().availableProcessors());
        Files.writeString(Path.of("target", "dry-run-backlog-bench.md"), table);
        Plot.write(Path.of("target", "dry-run-backlog-bench.png"),
                BarPlot.of("Receiving a case during a ledger outage", "median ms per write (log scale)",
                        "none waiting (baseline)", backlog.size() + " waiting (now)",
                        "dry run of all " + all.size() + " (before)")
                        .bars("median ms", median(empty), median(withBacklog), median(replayAll)).logarithmic());
        LOG.info("dry-run backlog benchmark:\n{}", table);
    }

    /** Times receives; with {@code drain} the worker commits each before the next (no backlog). */
    private double[] timeReceives(boolean drain) throws Exception {
        double[] ms = new double[WRITES];
        for (int i = 0; i < WRITES; i++) {
            long t0 = System.nanoTime();
            receive();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (drain) {
                worker.drain();
            }
        }
        return ms;
    }

    private void receive() throws Exception {
        api.post("clerk", "/api/cases", """
                {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s",
                 "materials":[{"label":"transfer-application","alg":"sha256","hash":"%s"}]}"""
                .formatted(Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER, Api.SUBJECT, "cd".repeat(32)))
                .andExpect(status().isCreated());
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
