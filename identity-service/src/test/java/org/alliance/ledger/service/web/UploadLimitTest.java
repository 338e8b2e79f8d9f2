package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

/** Multipart limits are enforced by the real server (MockMvc does not parse multipart) and answered 413. */
class UploadLimitTest extends ServiceTestBase {
    @LocalServerPort
    private int port;

    @Test
    void fileAboveEightMegabytesIs413UploadTooLargeAndNothingStored() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        String boundary = "----alliance-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "nonce", Checks.nonce(mvc));
        field(body, boundary, "idNumber", Checks.ID_NUMBER);
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"referencePhoto\"; filename=\"big.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(new byte[9 * 1024 * 1024]);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/identity/checks"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"reason\":\"UPLOAD_TOO_LARGE\"");
        assertThat(Checks.counts(jdbc)).isEqualTo(before);
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
