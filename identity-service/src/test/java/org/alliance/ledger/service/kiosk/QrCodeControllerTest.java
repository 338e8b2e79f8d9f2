package org.alliance.ledger.service.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The kiosk's QR code endpoint: it encodes the verification page of an existing check, and only of one. */
class QrCodeControllerTest extends ServiceTestBase {
    @Test
    void qrCodeOfACheckDecodesToItsVerificationPage() throws Exception {
        String body = mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request()).andReturn().getResponse()
                .getContentAsString();
        int i = body.indexOf("\"id\":\"") + 6;
        String id = body.substring(i, body.indexOf('"', i));

        MockHttpServletResponse qr = mvc.perform(get("/api/identity/checks/" + id + "/qr")).andReturn().getResponse();

        assertThat(qr.getStatus()).isEqualTo(200);
        assertThat(qr.getContentType()).startsWith("image/svg+xml");
        assertThat(qr.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(QrCodes.decodeSvg(qr.getContentAsString())).isEqualTo("http://localhost/verify.html?id=" + id);
    }

    @Test
    void unknownCheckIs404UnknownCheck() throws Exception {
        MockHttpServletResponse qr = mvc.perform(get("/api/identity/checks/att-no-such-check/qr")).andReturn()
                .getResponse();

        assertThat(qr.getStatus()).isEqualTo(404);
        assertThat(qr.getContentAsString()).contains("\"reason\":\"UNKNOWN_CHECK\"");
    }
}
