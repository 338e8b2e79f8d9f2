package org.alliance.ledger.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Personal data is stored encrypted and deleted when its retention (30 days by default) ends;
 * the check and its attestation stay.
 */
class RetentionPurgeTest extends ServiceTestBase {
    @Autowired
    private PiiStore pii;

    @Test
    void personalDataIsEncryptedAndPurgedWhenRetentionEnds() throws Exception {
        String location = mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request())
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        // Records must reach the ledger before the clock jumps, or their time would be too far from the ledger's.
        worker.drain();

        byte[] stored = jdbc.sql("select ciphertext from pii_blob where check_id = ? and kind = 'ID_NUMBER'")
                .param(id).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(Checks.ID_NUMBER);
        assertThat(pii.read(id)).filteredOn(i -> i.kind().equals("ID_NUMBER"))
                .singleElement().extracting(i -> new String(i.plaintext(), StandardCharsets.UTF_8))
                .isEqualTo(Checks.ID_NUMBER);

        clock.advance(Duration.ofDays(29));
        pii.purgeExpired();
        assertThat(pii.read(id)).hasSize(7);

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(pii.purgeExpired()).isGreaterThanOrEqualTo(7);
        assertThat(pii.read(id)).isEmpty();
        mvc.perform(get(location)).andExpect(status().isOk()).andExpect(jsonPath("$.decision").value("ACCEPTED"));
    }
}
