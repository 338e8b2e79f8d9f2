package org.alliance.ledger.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import javax.sql.DataSource;
import org.alliance.ledger.service.testkit.ServiceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The service on PostgreSQL in a container, the database a region's compose file runs: the Flyway
 * migrations apply to it and the service reports it healthy. Runs where a Docker engine exists (tag
 * {@code docker}); elsewhere it is skipped with one line. PostgresOutboxTest covers the same
 * database, and the outbox on it, against a server given by the environment, which CI provides.
 */
@Tag("docker")
@ServiceTest
class PostgresContainerTest {
    private static PostgreSQLContainer postgres;

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private MockMvc mvc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        // Started here, not in a static initialiser: the class is loaded where no engine exists too,
        // and is then skipped before Spring asks for these properties.
        postgres = new PostgreSQLContainer("postgres:17");
        postgres.start();
        registry.add("spring.datasource.url", postgres::getJdbcUrl);
        registry.add("spring.datasource.username", postgres::getUsername);
        registry.add("spring.datasource.password", postgres::getPassword);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void migrationsApplyAndTheServiceIsHealthy() throws Exception {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where not success").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from flyway_schema_history").query(Long.class).single()).isPositive();
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.db.status").value("UP"));
    }
}
