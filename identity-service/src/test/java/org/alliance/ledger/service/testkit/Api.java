package org.alliance.ledger.service.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Short calls of the case, certificate and audit API as a development user. */
public final class Api {
    /** A subject reference for test applicants (a keyed hash, never a real ID number). */
    public static final String SUBJECT = "ab".repeat(32);
    /** The seeded demo agreement. */
    public static final String AGREEMENT = "agr-demo-alliance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockMvc mvc;

    /**
     * Wraps MockMvc.
     *
     * @param mvc the MockMvc of the test context
     */
    public Api(MockMvc mvc) {
        this.mvc = mvc;
    }

    /**
     * POSTs JSON as a user.
     *
     * @param user the user, or null for anonymous
     * @param path the path
     * @param json the body
     * @return the result
     * @throws Exception on failure
     */
    public ResultActions post(String user, String path, String json) throws Exception {
        var req = MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(json);
        if (user != null) {
            req.headers(Regions.as(user));
        }
        return mvc.perform(req);
    }

    /**
     * POSTs JSON as a user with an idempotency key.
     *
     * @param user the user
     * @param path the path
     * @param json the body
     * @param key the Idempotency-Key
     * @return the result
     * @throws Exception on failure
     */
    public ResultActions post(String user, String path, String json, String key) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(json).headers(Regions.as(user))
                .header("Idempotency-Key", key));
    }

    /**
     * GETs as a user.
     *
     * @param user the user, or null for anonymous
     * @param path the path
     * @return the result
     * @throws Exception on failure
     */
    public ResultActions get(String user, String path) throws Exception {
        var req = MockMvcRequestBuilders.get(path);
        if (user != null) {
            req.headers(Regions.as(user));
        }
        return mvc.perform(req);
    }

    /**
     * Receives a case for an item decided by Chaozhou, as the clerk.
     *
     * @param item the item code
     * @return the case id
     * @throws Exception on failure
     */
    public String receive(String item) throws Exception {
        // The material is labelled with the item's first catalogue code, as the window page does.
        String label = DemoAlliance.catalogue().stream().filter(c -> c.code().equals(item)).findFirst()
                .map(c -> c.materialCodes().get(0)).orElse("transfer-application");
        String body = post("clerk", "/api/cases", """
                {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s",
                 "materials":[{"label":"%s","alg":"sha256","hash":"%s"}],"assisted":true}"""
                .formatted(AGREEMENT, item, SUBJECT, label, "cd".repeat(32)))
                .andReturn().getResponse().getContentAsString();
        return json(body).path("caseId").asText();
    }

    /**
     * Uploads a certificate file as the issuer.
     *
     * @param file the file part
     * @param params name/value pairs
     * @return the result
     * @throws Exception on failure
     */
    public ResultActions issueCertificate(MockMultipartFile file, String... params) throws Exception {
        var req = MockMvcRequestBuilders.multipart("/api/certificates");
        if (file != null) {
            req.file(file);
        }
        for (int i = 0; i < params.length; i += 2) {
            req.param(params[i], params[i + 1]);
        }
        return mvc.perform(req.headers(Regions.as("issuer")));
    }

    /**
     * A PDF-looking certificate file.
     *
     * @param text its distinguishing content
     * @return the part named {@code file}
     */
    public static MockMultipartFile pdf(String text) {
        return new MockMultipartFile("file", "certificate.pdf", "application/pdf",
                ("%PDF-1.7\n" + text + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses JSON.
     *
     * @param s the text
     * @return the tree
     * @throws Exception on failure
     */
    public static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    /**
     * The body of a result as JSON.
     *
     * @param r the result
     * @return the tree
     * @throws Exception on failure
     */
    public static JsonNode json(ResultActions r) throws Exception {
        return JSON.readTree(r.andReturn().getResponse().getContentAsString());
    }
}
