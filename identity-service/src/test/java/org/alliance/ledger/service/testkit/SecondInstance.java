package org.alliance.ledger.service.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.ledger.LedgerProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another member's service instance beside a {@link ServiceTest} one, on that instance's embedded
 * ledger over the development ledger endpoint ({@code remote-embedded}), signing with the member's
 * demo key, with its own data directory and database and its outbox driven by hand.
 */
public final class SecondInstance {
    private SecondInstance() {
    }

    /**
     * Starts the instance.
     *
     * @param clock the first instance's clock: the second starts at its time, since the ledger
     *     judges every record's time against the first instance's clock, which tests move
     * @param ledgerPort the port of the instance whose ledger it uses
     * @param ledgerProperties that instance's ledger settings, for the demo members' keys
     * @param org the member's MSP id
     * @param extra further command-line settings ({@code --name=value}); a random port unless they name {@code --server.port}
     * @return the running instance; close it
     */
    public static ConfigurableApplicationContext start(MutableClock clock, int ledgerPort,
            LedgerProperties ledgerProperties, String org, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                // Command-line arguments, so they override application.properties.
                "--alliance.org=" + org,
                "--alliance.data-dir=target/test-data/" + org + "-" + UUID.randomUUID(),
                "--spring.datasource.url=jdbc:h2:mem:" + org + "-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--alliance.ledger.mode=remote-embedded",
                "--alliance.ledger.remote-url=http://127.0.0.1:" + ledgerPort,
                "--alliance.ledger.internal-secret=" + ServiceTest.LEDGER_SECRET,
                "--alliance.signing.key=" + ledgerProperties.demoMemberKeys().resolve(org + ".key"),
                "--alliance.outbox.enabled=false",
                "--alliance.identity.face.engine=test-fake",
                "--spring.main.allow-bean-definition-overriding=true"));
        if (List.of(extra).stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=0");
        }
        args.addAll(List.of(extra));
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(AllianceServiceApplication.class,
                TestBeans.class).run(args.toArray(String[]::new));
        instance.getBean(MutableClock.class).set(clock.instant());
        return instance;
    }
}
