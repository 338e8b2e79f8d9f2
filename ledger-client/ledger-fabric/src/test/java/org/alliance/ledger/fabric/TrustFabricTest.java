package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.cli.anchor.FabricAnchorVerifier;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.Test;

/**
 * A trust bundle on Fabric: the channel's org CA certificates, read from its latest configuration
 * block, are each org's CA as the network's crypto material has it; with the run's agreement they
 * make a trust bundle that verifies, and its trust store alone proves a bundle from the network.
 */
class TrustFabricTest extends FabricSuite {
    @Test
    void theChannelsCaCertificatesAndTheAgreementMakeATrustBundleThatProvesFabricBundles() throws IOException {
        Map<String, List<String>> cas = alliance.ledger(FabricAlliance.ST).channelCaCertificates();
        assertThat(cas).containsOnlyKeys(DemoAlliance.mspIds());
        for (int i = 0; i < FabricAlliance.ORGS.size(); i++) {
            String org = FabricAlliance.ORGS.get(i);
            String pem = Files.readString(alliance.network.orgCa(org).resolve("ca." + org + ".alliance-cert.pem"));
            assertThat(cas.get(DemoAlliance.mspIds().get(i))).extracting(String::strip).containsExactly(pem.strip());
        }

        TrustBundle trust = TrustBundle.sign(alliance.agreementId,
                alliance.ledger(FabricAlliance.ST).agreementRecords(alliance.agreementId), Map.of(), cas,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), FabricAlliance.ST,
                alliance.recordSigner(FabricAlliance.ST));
        TrustBundle reread = TrustBundle.parse(trust.toCanonicalJson());
        Verdict verdict = reread.verify(null);
        assertThat(verdict.valid()).as(verdict.checks().toString()).isTrue();
        TrustStore store = reread.trustStore();
        assertThat(store.caOrgs()).containsExactlyInAnyOrderElementsOf(DemoAlliance.mspIds());

        String id = "tattest-" + alliance.run;
        alliance.write(FabricAlliance.ZZ, Role.SERVICE, id, alliance.agreed.plusSeconds(3600),
                DemoFlowFabricTest.attestation());
        Verdict bundle = new BundleVerifier(store, List.of(new FabricAnchorVerifier()))
                .verify(alliance.ledger(FabricAlliance.ST).bundle(id));
        assertThat(bundle.status()).as(bundle.toString()).isEqualTo(Verdict.Status.VALID);
    }
}
