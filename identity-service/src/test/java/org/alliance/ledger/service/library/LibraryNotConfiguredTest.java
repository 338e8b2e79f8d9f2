package org.alliance.ledger.service.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Without {@code alliance.library.tiles} the library is off: each endpoint answers 404 saying so, and nothing is written. */
class LibraryNotConfiguredTest extends ServiceTestBase {
    @Test
    void everyLibraryEndpointAnswers404AndWritesNothing() throws Exception {
        int before = outbox.all().size();
        for (String path : new String[] {"/api/library", "/api/library/proof?index=0",
            "/api/library/proof?certificateHash=" + "ab".repeat(32)}) {
            api.get(null, path).andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("LIBRARY_NOT_CONFIGURED"));
        }
        mvc.perform(MockMvcRequestBuilders.post("/api/library/checkpoint").headers(Regions.as("admin")))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("LIBRARY_NOT_CONFIGURED"));
        assertThat(outbox.all()).hasSize(before);
    }
}
