package org.alliance.ledger.service.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.ledger.LedgerProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second region's service instance in the test's JVM, as a real application context on its own
 * port: it reaches the test service's embedded ledger through the internal endpoint
 * ({@code alliance.ledger.mode=remote-embedded}) and signs with the key the seeder registered for
 * its org. Its outbox runs only when the test drains it.
 */
public final class RemoteRegionInstance {
    private RemoteRegionInstance() {
    }

    /**
     * Starts the instance.
     *
     * @param ledgerPort the port of the service that owns the ledger
     * @param ledger that service's ledger settings, for the member keys
     * @param org the instance's org
     * @param extra further command-line arguments ({@code --name=value})
     * @return the running context; close it to stop the instance
     */
    public static ConfigurableApplicationContext start(int ledgerPort, LedgerProperties ledger, String org,
            String... extra) {
        List<String> args = new ArrayList<>(List.of(
                // Command-line arguments, so they override application.properties.
                "--server.port=0",
                "--alliance.org=" + org,
                "--alliance.data-dir=target/test-data/" + org + "-" + UUID.randomUUID(),
                "--spring.datasource.url=jdbc:h2:mem:" + org + "-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--alliance.ledger.mode=remote-embedded",
                "--alliance.ledger.remote-url=http://127.0.0.1:" + ledgerPort,
                "--alliance.ledger.internal-secret=" + ServiceTest.LEDGER_SECRET,
                "--alliance.signing.key=" + ledger.demoMemberKeys().resolve(org + ".key"),
                "--alliance.outbox.enabled=false",
                "--alliance.identity.face.engine=test-fake",
                "--spring.main.allow-bean-definition-overriding=true"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(AllianceServiceApplication.class, TestBeans.class)
                .run(args.toArray(String[]::new));
    }

    /**
     * The port an instance listens on.
     *
     * @param instance the running context
     * @return its port
     */
    public static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
