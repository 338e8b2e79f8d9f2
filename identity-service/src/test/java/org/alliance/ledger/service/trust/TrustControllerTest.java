package org.alliance.ledger.service.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.bundle.AgreementChain;
import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * {@code GET /api/trust} on the embedded ledger: anyone gets the demo agreement's records as the
 * ledger holds them, the node key that signs the blocks, and this instance's signature, and the
 * file verifies offline with the agreement's own keys.
 */
class TrustControllerTest extends ServiceTestBase {
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;

    @Test
    void anyoneGetsASignedTrustBundleOfTheAgreementInForceThatVerifiesOffline() throws Exception {
        byte[] body = mvc.perform(get("/api/trust")).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"trust.json\""))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(CanonicalJson.canonicalize(body)).as("canonical JSON").isEqualTo(body);

        TrustBundle bundle = TrustBundle.parse(body);
        Verdict verdict = bundle.verify(null);
        assertThat(verdict.valid()).as(verdict.checks().toString()).isTrue();
        assertThat(verdict.checks()).extracting(Verdict.Check::name).containsExactly(TrustBundle.AGREEMENT_RECORDS,
                TrustBundle.AGREEMENT_SIGNATURES, TrustBundle.TRUST_MEMBERS, TrustBundle.LEDGER_KEYS,
                TrustBundle.TRUST_SIGNER_MEMBER, TrustBundle.TRUST_SIGNATURE);
        assertThat(bundle.signerOrg()).isEqualTo(service.org());

        // The members and keys are the agreement's as the ledger states it, not the file's say-so.
        AgreementChain chain = bundle.chain();
        var onLedger = ledger.agreement(Api.AGREEMENT).active().orElseThrow();
        assertThat(chain.version()).isEqualTo(onLedger.version());
        assertThat(chain.inForceHash()).isEqualTo(onLedger.contentHash());
        assertThat(chain.inForce().members()).extracting(Member::mspId)
                .containsExactlyElementsOf(onLedger.terms().members().stream().map(Member::mspId).toList());
        assertThat(chain.keyPeriods(service.org())).extracting(AgreementChain.KeyPeriod::publicKey)
                .contains(service.publicKeyBase64());

        // Every member's key, and the embedded ledger's node key under its org, are trusted.
        TrustStore trust = bundle.trustStore();
        assertThat(trust.orgs()).containsExactlyInAnyOrder(DemoAlliance.ZHANGZHOU, DemoAlliance.CHAOZHOU,
                DemoAlliance.SHANTOU, DemoAlliance.AUDIT);
        assertThat(trust.trusts(service.org(), ((EmbeddedLedger) embedded).nodePublicKey())).isTrue();
        JsonNode doc = Api.json(new String(body, StandardCharsets.UTF_8));
        List<String> validFrom = new ArrayList<>();
        doc.path("members").forEach(m -> m.path("recordKeys").forEach(k -> validFrom.add(k.path("validFrom").asText())));
        assertThat(validFrom).isNotEmpty().allMatch(t -> t.equals(onLedger.activatedAt()), "in force since activation");
    }

    @Test
    void anUnknownAgreementIsNotFound() throws Exception {
        mvc.perform(get("/api/trust").param("agreement", "agr-nobody")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_AGREEMENT"));
    }
}
