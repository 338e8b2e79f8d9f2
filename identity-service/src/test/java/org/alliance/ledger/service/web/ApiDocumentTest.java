package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.testkit.Regions;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
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
 * The OpenAPI document describes the service as it is: a title, the project's version and a
 * description; the HTTP Basic scheme of {@code users} mode, declared on exactly the operations the
 * security filter chain protects, with the roles it lets through (checked by calling each
 * operation anonymously, as a role it lists and as one it does not; ApiFuzzTest calls every
 * operation as every role); multipart bodies with their form fields as parts, not
 * query parameters; real paths with their variables; every response with a real schema, every
 * refusal as problem+json, the statuses each operation answers; and the {@code Idempotency-Key}
 * header of every {@link Idempotent} write. The document is kept in {@code target/api-docs.json}
 * for the validator the fuzz suite runs.
 */
class ApiDocumentTest extends ServiceTestBase {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    /** The development users, one per role a person holds. */
    private static final List<String> USERS = Arrays.stream(Role.values()).filter(r -> r != Role.SERVICE)
            .map(Role::externalName).toList();

    @Autowired(required = false)
    private BuildProperties build;

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
    void theDocumentHasATitleTheProjectsVersionAndADescription() {
        assertThat(doc.at("/info/title").asText()).contains("跨省通办").doesNotContain("OpenAPI definition");
        assertThat(build).as("build information (spring-boot-maven-plugin build-info)").isNotNull();
        assertThat(doc.at("/info/version").asText()).isEqualTo(build.getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        String description = doc.at("/info/description").asText();
        // Chinese first, English second.
        assertThat(description.indexOf("本服务")).isZero();
        assertThat(description).contains("This service acts for");
        // "Try it out" calls the origin the document came from.
        assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/");
    }

    @Test
    void usersModeDeclaresHttpBasicOnly() {
        assertThat(names(doc.at("/components/securitySchemes"))).containsExactly(ApiDocumentation.BASIC);
        assertThat(doc.at("/components/securitySchemes/" + ApiDocumentation.BASIC + "/type").asText()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/" + ApiDocumentation.BASIC + "/scheme").asText()).isEqualTo("basic");
        assertThat(doc.has("security")).as("no document-wide requirement: public operations declare none").isFalse();
    }

    @Test
    void everyOperationDeclaresTheSecurityTheFilterChainEnforcesAndItsRefusals() throws Exception {
        List<String> wrong = new ArrayList<>();
        int protectedOperations = 0;
        int publicOperations = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            String uri = path.getKey().replaceAll("\\{[^}]+}", "x");
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                JsonNode security = op.getValue().path("security");
                JsonNode responses = op.getValue().path("responses");
                boolean optional = false;
                Set<String> roles = new TreeSet<>();
                for (JsonNode requirement : security) {
                    optional |= requirement.isEmpty();
                    requirement.path(ApiDocumentation.BASIC).forEach(role -> roles.add(role.asText()));
                }
                boolean isProtected = !security.isEmpty() && !optional;
                if (isProtected) {
                    protectedOperations++;
                } else {
                    publicOperations++;
                }
                if (!responses.has("400")) {
                    wrong.add(where + " declares no 400");
                }
                if (!security.isEmpty() && !(responses.has("401") && responses.has("403"))) {
                    wrong.add(where + " has a security requirement but declares no 401 and 403");
                }
                if (op.getValue().has("requestBody") && !(responses.has("413") && responses.has("415"))) {
                    wrong.add(where + " takes a body but declares no 413 and 415");
                }
                if (refusedBySecurity(call(op.getKey(), uri, null)) != isProtected) {
                    wrong.add(where + (isProtected ? " declares a requirement, but anonymous callers pass the filter"
                            : " declares no requirement, but anonymous callers are refused"));
                }
                // One role the operation lists and one it does not (each sign-in costs a bcrypt check;
                // ApiFuzzTest goes through every role on every operation of the running service).
                List<String> probes = new ArrayList<>();
                USERS.stream().filter(u -> !isProtected || roles.contains(u)).findFirst().ifPresent(probes::add);
                USERS.stream().filter(u -> isProtected && !roles.contains(u)).findFirst().ifPresent(probes::add);
                for (String user : probes) {
                    boolean listed = !isProtected || roles.contains(user);
                    if (refusedBySecurity(call(op.getKey(), uri, user)) == listed) {
                        wrong.add(where + (listed ? " lists " + user + ", whom the filter refuses"
                                : " does not list " + user + ", whom the filter lets through"));
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(protectedOperations).isGreaterThan(25);
        assertThat(publicOperations).isGreaterThan(5);
    }

    @Test
    void multipartBodiesCarryTheirFormFieldsAsParts() {
        int multipart = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                JsonNode body = op.getValue().at("/requestBody/content/multipart~1form-data/schema");
                if (body.isMissingNode()) {
                    continue;
                }
                multipart++;
                List<String> query = op.getValue().path("parameters").findParents("in").stream()
                        .filter(p -> p.path("in").asText().equals("query")).map(p -> p.path("name").asText()).toList();
                assertThat(query).as("query parameters of multipart %s", path.getKey()).isEmpty();
            }
        }
        assertThat(multipart).isEqualTo(3);
        JsonNode check = doc.at("/paths/~1api~1identity~1checks/post");
        assertThat(check.has("parameters")).isFalse();
        JsonNode body = check.at("/requestBody/content/multipart~1form-data/schema");
        assertThat(names(body.path("properties"))).containsExactlyInAnyOrder("idNumber", "name",
                "cardValidFrom", "cardValidTo", "nonce", "deviceId", "consent", "referencePhoto", "frames", "flashFrames",
                "flashTimes");
        assertThat(body.at("/properties/frames/items/format").asText()).isEqualTo("binary");
        assertThat(body.at("/properties/idNumber/example").isTextual()).isTrue();
        assertThat(body.path("required").toString()).contains("\"idNumber\"", "\"referencePhoto\"", "\"frames\"",
                "\"consent\"").doesNotContain("deviceId");
        assertThat(names(check.path("responses"))).contains("201", "409", "410", "422")
                .doesNotContain("200");
    }

    @Test
    void pathsAreRealPathsWithTheirVariables() {
        assertThat(names(doc.path("paths"))).noneMatch(p -> p.contains("*"))
                .contains("/api/evidence/{recordId}/bundle");
        JsonNode bundle = doc.at("/paths/~1api~1evidence~1{recordId}~1bundle/get");
        assertThat(bundle.at("/parameters/0/name").asText()).isEqualTo("recordId");
        assertThat(bundle.at("/parameters/0/in").asText()).isEqualTo("path");
        // Certificate bundles are public, any other record's is for auditors: signing in is optional.
        assertThat(bundle.path("security").toString()).isEqualTo("[{},{\"basicAuth\":[\"auditor\"]}]");
    }

    @Test
    void swaggerUiTriesItOutForEachRoleFromItsOwnOrigin() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/swagger-ui/index.html")).andExpect(status().isOk());
        // Same-origin calls as Swagger UI sends them (its Origin, Basic credentials, no cookie, no CSRF
        // token): past the filter for every role the operation lists.
        for (String user : List.of("clerk", "approver", "issuer", "auditor")) {
            mvc.perform(MockMvcRequestBuilders.get("/api/cases").header("Origin", "http://localhost")
                    .headers(Regions.as(user))).andExpect(status().isOk());
        }
        mvc.perform(MockMvcRequestBuilders.post("/api/agreements/" + Api.AGREEMENT + "/amendments")
                .header("Origin", "http://localhost").headers(Regions.as("admin"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        mvc.perform(MockMvcRequestBuilders.get("/api/identity/checks/none").header("Origin", "http://localhost")
                .headers(Regions.as("applicant"))).andExpect(status().isNotFound());
    }

    /**
     * The member names of a JSON object.
     *
     * @param node the object
     * @return its member names, in order
     */
    static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Calls an operation with no body (refused after the filter, if it lets the call through). */
    private MvcResult call(String method, String uri, String user) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(HttpMethod.valueOf(
                method.toUpperCase(Locale.ROOT)), uri);
        if (user != null) {
            request.headers(Regions.as(user));
        }
        return mvc.perform(request).andReturn();
    }

    /** Whether the security filter refused: 401 UNAUTHENTICATED or 403 FORBIDDEN. */
    private static boolean refusedBySecurity(MvcResult result) throws Exception {
        int status = result.getResponse().getStatus();
        String reason = status == 401 || status == 403
                ? Api.json(result.getResponse().getContentAsString()).path("reason").asText() : "";
        return status == 401 && reason.equals("UNAUTHENTICATED") || status == 403 && reason.equals("FORBIDDEN");
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
