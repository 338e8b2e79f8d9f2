package org.alliance.ledger.service.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default configuration (embedded H2 database, embedded ledger) killed with SIGKILL under 300
 * dependent writes from 3 writers: every acknowledged write commits exactly once and in order.
 */
@Tag("crash")
class CrashSafetyIT {
    @TempDir
    Path dir;

    @RepeatedTest(3)
    void acknowledgedWritesSurviveSigkillOnH2() throws Exception {
        CrashScenario.Counts counts = new CrashScenario(dir, List.of("--alliance.outbox.interval=PT0.2S"), 3, 20).run();
        assertThat(counts.writes()).isEqualTo(300);
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.duplicated()).as("duplicated").isZero();
        assertThat(counts.outOfOrder()).as("cases out of order").isZero();
        assertThat(counts.committed()).isEqualTo(300);
    }
}
