package org.alliance.ledger.service.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The same crash as {@link CrashSafetyIT} with the service on PostgreSQL (the production profile),
 * each run in a fresh schema that it drops afterwards. Needs {@code ALLIANCE_TEST_PG_URL},
 * {@code ALLIANCE_TEST_PG_USER} and {@code ALLIANCE_TEST_PG_PASSWORD}, as the other PostgreSQL
 * tests. A shared database may have other workers, so a killed worker's claims are taken again
 * after the claim timeout, set short here.
 */
@Tag("crash")
@Tag("postgres")
@EnabledIfEnvironmentVariable(named = "ALLIANCE_TEST_PG_URL", matches = ".+")
class CrashSafetyPostgresIT {
    @TempDir
    Path dir;

    @RepeatedTest(3)
    void acknowledgedWritesSurviveSigkillOnPostgres() throws Exception {
        String url = System.getenv("ALLIANCE_TEST_PG_URL");
        String user = System.getenv("ALLIANCE_TEST_PG_USER");
        String password = System.getenv().getOrDefault("ALLIANCE_TEST_PG_PASSWORD", "");
        String schema = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            CrashScenario.Counts counts = new CrashScenario(dir, List.of("--spring.profiles.active=postgres",
                    "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                    "--alliance.outbox.interval=PT0.2S", "--alliance.outbox.claim-timeout=PT5S"), 3, 20).run();
            assertThat(counts.writes()).isEqualTo(300);
            assertThat(counts.lost()).as("lost").isZero();
            assertThat(counts.duplicated()).as("duplicated").isZero();
            assertThat(counts.outOfOrder()).as("cases out of order").isZero();
            assertThat(counts.committed()).isEqualTo(300);
        } finally {
            new JdbcTemplate(new DriverManagerDataSource(url, user, password)).execute("drop schema if exists " + schema
                    + " cascade");
        }
    }
}
