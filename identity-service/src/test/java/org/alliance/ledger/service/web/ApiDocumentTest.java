package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document describes real schemas: every response with a body has one, no JSON answer
 * is described as a bare string, every refusal is described as problem+json, and every
 * {@link Idempotent} write lists the {@code Idempotency-Key} header. The document is kept in
 * {@code target/api-docs.json} for the validator the fuzz suite runs.
 */
class ApiDocumentTest extends ServiceTestBase {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private JsonNode doc;

    @BeforeEach
    void readDocument() throws Exception {
        String text = api.get(null, "/v3/api-docs").andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("api-docs.json"), text);
        doc = Api.json(text);
    }

    @Test
    void everyResponseWithABodyHasASchemaAndNoJsonAnswerIsABareString() {
        List<String> missing = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        int responses = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response : op.getValue().path("responses").properties()) {
                    String where = op.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey();
                    for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
                        responses++;
                        JsonNode schema = media.getValue().path("schema");
                        if (schema.isMissingNode() || schema.isEmpty()) {
                            missing.add(where + " " + media.getKey());
                        } else if (media.getKey().contains("json") && "string".equals(schema.path("type").asText())) {
                            strings.add(where + " " + media.getKey());
                        }
                    }
                }
            }
        }
        assertThat(responses).isGreaterThan(30);
        assertThat(missing).as("responses without a schema").isEmpty();
        assertThat(strings).as("JSON responses described as a string").isEmpty();
    }

    @Test
    void everyOperationDescribesItsRefusalsAsProblems() {
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                assertThat(op.getValue().at("/responses/default/content/application~1problem+json/schema/$ref").asText())
                        .as("%s %s", op.getKey(), path.getKey()).isEqualTo("#/components/schemas/Problem")));
        assertThat(doc.at("/components/schemas/Problem/required").toString()).contains("reason");
    }

    @Test
    void everyIdempotentWriteListsTheKeyHeader() {
        int idempotent = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().hasMethodAnnotation(Idempotent.class)) {
                continue;
            }
            idempotent++;
            for (String pattern : e.getKey().getPatternValues()) {
                JsonNode parameters = doc.path("paths").path(pattern).path("post").path("parameters");
                assertThat(parameters.findValues("name").stream().map(JsonNode::asText).toList()).as(pattern)
                        .contains(Idempotency.HEADER);
            }
        }
        assertThat(idempotent).as("idempotent writes").isGreaterThanOrEqualTo(16);
    }
}
