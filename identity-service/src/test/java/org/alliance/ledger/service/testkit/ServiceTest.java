package org.alliance.ledger.service.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * The whole service on an in-memory H2 database (PostgreSQL mode) and a fresh embedded ledger,
 * on a real server at a random port (MockMvc for most tests, HTTP for upload limits),
 * with the test doubles of {@link TestBeans}, the other demo members' keys kept (so tests can
 * sign as another region on the same ledger), a fixed challenge (BLINK, TURN_LEFT, without a colour
 * flash: the scripted engine measures no skin colour) and the outbox
 * worker driven by hand. Every test class using it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = AllianceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "alliance.data-dir=target/test-data/${random.uuid}",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "alliance.outbox.enabled=false",
        "alliance.ledger.demo-member-keys=target/test-data/members-${random.uuid}",
        "alliance.ledger.internal-secret=" + ServiceTest.LEDGER_SECRET,
        "alliance.identity.face.engine=test-fake",
        "alliance.identity.challenge.fixed-actions=BLINK,TURN_LEFT",
        "alliance.identity.challenge.colour-flash=false",
        "spring.main.allow-bean-definition-overriding=true"})
@AutoConfigureMockMvc
@Import(TestBeans.class)
public @interface ServiceTest {
    /** The internal ledger endpoint's secret in tests, so a second instance can use this ledger. */
    String LEDGER_SECRET = "test-ledger-secret";
}
