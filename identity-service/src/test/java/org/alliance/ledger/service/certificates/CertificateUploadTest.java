package org.alliance.ledger.service.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

/**
 * Certificate files that are refused (too large, not a PDF or OFD, missing) and a certificate for a
 * case that is not approved: each a 4xx with its reason and nothing stored.
 */
class CertificateUploadTest extends ServiceTestBase {
    @Test
    void tooLargeWrongTypeOrMissingFileIsRefusedAndNothingIsStored() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        int before = outbox.all().size();
        long files = jdbc.sql("select count(*) from certificate_file").query(Long.class).single();

        byte[] big = new byte[2 * 1024 * 1024 + 1];
        System.arraycopy("%PDF-1.7".getBytes(), 0, big, 0, 8);
        api.issueCertificate(new MockMultipartFile("file", "c.pdf", "application/pdf", big), "caseId", caseId,
                "typeCode", "SIT01").andExpect(status().isContentTooLarge()).andExpect(jsonPath("$.reason").value("FILE_TOO_LARGE"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
        api.issueCertificate(new MockMultipartFile("file", "c.pdf", "application/pdf", png), "caseId", caseId,
                "typeCode", "SIT01").andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.reason").value("UNSUPPORTED_FILE_TYPE"));
        api.issueCertificate(null, "caseId", caseId, "typeCode", "SIT01").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("MISSING_FIELD"));
        // The case is only RECEIVED: no certificate yet.
        api.issueCertificate(Api.pdf("early"), "caseId", caseId, "typeCode", "SIT01").andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        api.issueCertificate(Api.pdf("nowhere"), "caseId", "case-nope", "typeCode", "SIT01")
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("UNKNOWN_CASE"));
        // The public verification applies the same file checks.
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/api/certificates/verify")
                        .file(new MockMultipartFile("file", "x.png", "image/png", png)))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.reason").value("UNSUPPORTED_FILE_TYPE"));
        api.get(null, "/api/certificates/SIT01-350600-2026-999999/status").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UNKNOWN"));

        assertThat(outbox.all()).hasSize(before);
        assertThat(jdbc.sql("select count(*) from certificate_file").query(Long.class).single()).isEqualTo(files);
    }
}
