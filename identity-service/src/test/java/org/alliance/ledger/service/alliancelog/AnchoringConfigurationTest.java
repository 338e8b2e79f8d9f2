package org.alliance.ledger.service.alliancelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.alliance.ledger.service.testkit.TestBeans;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Anchoring off (the default): no health component, {@code /api/log} says so, and bundles are the
 * ledger's alone. Anchoring configured with no provider of its kind on the class path (a service
 * built with -DskipEvm, say): the service refuses to start and says what is missing. Settings
 * that lack the contract or key are refused.
 */
class AnchoringConfigurationTest extends ServiceTestBase {
    @Test
    void withoutAnchoringConfiguredNothingChanges() throws Exception {
        JsonNode health = Api.json(mvc.perform(get("/actuator/health")).andExpect(status().isOk()));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").has("anchoring")).isFalse();
        JsonNode view = Api.json(api.get(null, "/api/log").andExpect(status().isOk())).get("anchoring");
        assertThat(view.get("configured").asBoolean()).isFalse();
        assertThat(view.has("state")).isFalse();

        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        byte[] served = api.get("auditor", "/api/evidence/" + caseId + "/receive/bundle").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        EvidenceBundle bundle = EvidenceBundle.parse(served);
        assertThat(bundle.logAnchor()).isNull();
        assertThat(served).isEqualTo(ledger.bundle(caseId + "/receive").toCanonicalJson());
    }

    @Test
    void anchoringWithoutItsProviderStopsTheServiceNamingWhatIsMissing() {
        assertThatThrownBy(() -> start("--alliance.log.anchor.kind=no-such-chain", "--alliance.log.anchor.url=http://127.0.0.1:9",
                "--alliance.log.anchor.contract=0x" + "00".repeat(20), "--alliance.log.anchor.key=target/no-such-key"))
                .rootCause().hasMessageContaining("alliance.log.anchor.url is set, but no anchoring provider of kind "
                        + "'no-such-chain'").hasMessageContaining("-DskipEvm");
    }

    @Test
    void anchoringSettingsWithoutContractOrKeyAreRefused() {
        assertThatThrownBy(() -> new AnchorProperties("evm", URI.create("http://127.0.0.1:9"), null, null, 6, Duration.ofMinutes(1)))
                .hasMessageContaining("alliance.log.anchor.contract and alliance.log.anchor.key");
        assertThatThrownBy(() -> new AnchorProperties("evm", URI.create("http://127.0.0.1:9"), "0x" + "00".repeat(20),
                Path.of("key"), 0, Duration.ofMinutes(1))).hasMessageContaining("confirmations must be at least 1");
    }

    private static void start(String... anchorSettings) {
        String[] args = {
            "--server.port=0",
            "--alliance.data-dir=target/test-data/anchoring-" + UUID.randomUUID(),
            "--spring.datasource.url=jdbc:h2:mem:anchoring-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "--alliance.outbox.enabled=false",
            "--alliance.identity.face.engine=test-fake",
            "--spring.main.allow-bean-definition-overriding=true"};
        String[] all = new String[args.length + anchorSettings.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(anchorSettings, 0, all, args.length, anchorSettings.length);
        new SpringApplicationBuilder(AllianceServiceApplication.class, TestBeans.class).run(all).close();
    }
}
