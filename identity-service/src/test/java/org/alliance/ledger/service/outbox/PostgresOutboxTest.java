package org.alliance.ledger.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.MutableClock;
import org.alliance.ledger.service.testkit.ServiceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The service on a real PostgreSQL: Flyway migrations, a whole check, the outbox with
 * {@code FOR UPDATE SKIP LOCKED} claims (two workers never claim the same entry), and retention.
 * Needs {@code ALLIANCE_TEST_PG_URL} (a JDBC URL), {@code ALLIANCE_TEST_PG_USER} and
 * {@code ALLIANCE_TEST_PG_PASSWORD}; the user must be allowed to create a schema. Each run works in
 * a fresh schema that it drops afterwards. The outbox backlog that every write is judged after is
 * read here too.
 */
@Tag("postgres")
@EnabledIfEnvironmentVariable(named = "ALLIANCE_TEST_PG_URL", matches = ".+")
@ServiceTest
class PostgresOutboxTest {
    private static final String SCHEMA = "alliance_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private OutboxWorker worker;
    @Autowired
    private Outbox outbox;
    @Autowired
    private MutableClock clock;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = System.getenv("ALLIANCE_TEST_PG_URL");
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> System.getenv("ALLIANCE_TEST_PG_USER"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("ALLIANCE_TEST_PG_PASSWORD", ""));
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        new JdbcTemplate(new DriverManagerDataSource(System.getenv("ALLIANCE_TEST_PG_URL"),
                System.getenv("ALLIANCE_TEST_PG_USER"), System.getenv().getOrDefault("ALLIANCE_TEST_PG_PASSWORD", "")))
                .execute("drop schema if exists " + SCHEMA + " cascade");
    }

    @Test
    void migrationsRunOnPostgres() throws Exception {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        assertThat(jdbc.sql("select count(*) from " + SCHEMA + ".flyway_schema_history where success").query(Long.class).single())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void checkIsStoredAndCommittedThroughTheOutbox() throws Exception {
        String location = mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request())
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        worker.drain();
        mvc.perform(get(location)).andExpect(jsonPath("$.ledger.status").value("COMMITTED"));
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(jdbc.sql("select count(*) from pii_blob where check_id = ?").param(id).query(Long.class).single())
                .isEqualTo(7);
    }

    @Test
    void badInputLeavesNothingOnPostgres() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        mvc.perform(Checks.forNonce(Checks.nonce(mvc)).field("cardValidTo", "2020-01-01")
                        .field("cardValidFrom", "2010-01-01").request())
                .andExpect(status().is(422)).andExpect(jsonPath("$.reason").value("CARD_EXPIRED"));
        assertThat(Checks.counts(jdbc)).isEqualTo(before);
    }

    @Test
    void writesAreJudgedAfterTheBacklogReadOldestFirst() throws Exception {
        worker.drain();
        Api api = new Api(mvc);
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        assertThat(outbox.backlog()).extracting(OutboxEntry::recordId).hasSize(2).first().isEqualTo(caseId + "/receive");
        // The case exists only in the backlog; the rules' dry run says the approval is Chaozhou's.
        api.post("approver", "/api/cases/" + caseId + "/approve", "{}").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("WRONG_ORG"));
        assertThat(outbox.backlog()).hasSize(2);
        worker.drain();
        assertThat(outbox.backlog()).isEmpty();
    }

    @Test
    void concurrentClaimsNeverTakeTheSameEntry() throws Exception {
        worker.drain();
        for (int i = 0; i < 3; i++) {
            mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request()).andExpect(status().isCreated());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<OutboxEntry>> a = pool.submit(() -> worker.claim(50));
            Future<List<OutboxEntry>> b = pool.submit(() -> worker.claim(50));
            List<String> ids = new ArrayList<>();
            a.get().forEach(e -> ids.add(e.recordId()));
            b.get().forEach(e -> ids.add(e.recordId()));
            assertThat(ids).doesNotHaveDuplicates().hasSize(3);
        } finally {
            pool.shutdown();
        }
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        worker.drain();
        assertThat(outbox.all()).extracting(OutboxEntry::status).containsOnly(OutboxStatus.COMMITTED);
    }
}
