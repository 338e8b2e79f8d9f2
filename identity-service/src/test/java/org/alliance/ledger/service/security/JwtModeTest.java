package org.alliance.ledger.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.alliance.ledger.service.web.ApiDocumentation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * {@code alliance.security.mode=jwt} against a real token issuer ({@link TestIdentityProvider} on
 * 127.0.0.1): the service discovers the provider's keys from its issuer URI and checks signature,
 * expiry, issuer and audience itself; nothing is mocked on the service's side. The endpoint rules
 * are the ones the development users meet, so a refusal is the same 401/403 problem and writes
 * nothing. One application context for every jwt-mode test.
 */
@TestPropertySource(properties = {"alliance.security.mode=jwt", "alliance.security.jwt.audience=" + TestIdentityProvider.AUDIENCE})
class JwtModeTest extends ServiceTestBase {
    private static final TestIdentityProvider IDP = new TestIdentityProvider();
    private static final String RECEIVE = """
            {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s",
             "materials":[{"label":"transfer-application","alg":"sha256","hash":"%s"}],"assisted":true}"""
            .formatted(Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER, Api.SUBJECT, "cd".repeat(32));

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", IDP::issuer);
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Test
    void clerkTokenReceivesACaseAttributedToTheTokensName() throws Exception {
        int before = outbox.all().size();
        String key = UUID.randomUUID().toString();
        // Role names are matched case-insensitively; another application's role is ignored.
        String token = IDP.token(TestIdentityProvider.person("zhang.wei", "Clerk", "offline_access"));
        String recordId = Api.json(receive(token, key).andExpect(status().isCreated()))
                .path("steps").path(0).path("recordId").asText();
        assertThat(outbox.find(recordId)).isPresent();
        assertThat(outbox.all()).hasSize(before + 1);
        assertThat(jdbc.sql("select principal from idempotency where idem_key = :k").param("k", key)
                .query(String.class).single()).isEqualTo("zhang.wei");
        // The same key from the same person replays; the person is the token's name.
        receive(token, key).andExpect(status().isCreated()).andExpect(header().string("Idempotent-Replayed", "true"));
        assertThat(outbox.all()).hasSize(before + 1);
    }

    @Test
    void withoutTheNameClaimTheSubjectIsRecorded() throws Exception {
        String key = UUID.randomUUID().toString();
        receive(IDP.token(b -> b.subject("3b0c-clerk-subject").claim("roles", List.of("CLERK"))), key)
                .andExpect(status().isCreated());
        assertThat(jdbc.sql("select principal from idempotency where idem_key = :k").param("k", key)
                .query(String.class).single()).isEqualTo("3b0c-clerk-subject");
    }

    @Test
    void approverTokenOnAClerkEndpointIsForbiddenAndWritesNothing() throws Exception {
        int before = outbox.all().size();
        String key = UUID.randomUUID().toString();
        receive(IDP.token(TestIdentityProvider.person("li.na", "approver")), key)
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        assertThat(outbox.all()).hasSize(before);
        assertThat(jdbc.sql("select count(*) from idempotency where idem_key = :k").param("k", key)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void noTokenIsUnauthenticatedWithABearerChallenge() throws Exception {
        refusedAsUnauthenticated(null)
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer ")));
        // HTTP Basic is off: the development users' passwords sign nobody in.
        int before = outbox.all().size();
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(RECEIVE).headers(Regions.as("clerk")))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        assertThat(outbox.all()).hasSize(before);
        // Anonymous audit is 401 too (stable names).
        mvc.perform(get("/api/audit/overdue")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
    }

    @Test
    void expiredTokenIsUnauthenticated() throws Exception {
        // Beyond the validator's 60 s clock-skew allowance.
        Instant past = Instant.now().minus(Duration.ofMinutes(20));
        invalidToken(IDP.token(TestIdentityProvider.person("zhang.wei", "clerk")
                .andThen(b -> b.issueTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(10)))))));
    }

    @Test
    void tokenSignedByAnotherKeyIsUnauthenticated() throws Exception {
        invalidToken(IDP.forgedToken(TestIdentityProvider.person("zhang.wei", "clerk")));
    }

    @Test
    void tokenForAnotherAudienceOrIssuerIsUnauthenticated() throws Exception {
        invalidToken(IDP.token(TestIdentityProvider.person("zhang.wei", "clerk").andThen(b -> b.audience("another-app"))));
        invalidToken(IDP.token(TestIdentityProvider.person("zhang.wei", "clerk").andThen(b -> b.audience((String) null))));
        invalidToken(IDP.token(TestIdentityProvider.person("zhang.wei", "clerk")
                .andThen(b -> b.issuer(IDP.issuer().replace("/alliance", "/other")))));
        invalidToken("not-a-jwt");
    }

    @Test
    void tokenWithoutRolesIsForbiddenOnProtectedEndpointsAndUsesThePublicOnes() throws Exception {
        String token = IDP.token(b -> b.claim("preferred_username", "visitor"));
        int before = outbox.all().size();
        receive(token, null).andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        mvc.perform(get("/api/cases").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        assertThat(outbox.all()).hasSize(before);
        // The kiosk and certificate verification are public, with a token or without.
        for (String authorization : new String[] {"Bearer " + token, null}) {
            mvc.perform(withAuthorization(post("/api/identity/challenges"), authorization)).andExpect(status().isCreated());
            mvc.perform(withAuthorization(get("/api/certificates/SIT01-350600-2026-999999/status"), authorization))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UNKNOWN"));
        }
    }

    @Test
    void pagesHaveNoFormLoginButThePublicOnesStayOpen() throws Exception {
        mvc.perform(get("/window.html")).andExpect(status().isOk());
        mvc.perform(get("/kiosk.html")).andExpect(status().isOk());
        // No local users in jwt mode, so no login page: a protected page asks for the bearer token.
        mvc.perform(get("/login")).andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")));
    }

    @Test
    void theApiDocumentDeclaresTheBearerSchemeAndTryItOutSendsTheToken() throws Exception {
        JsonNode doc = Api.json(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
        JsonNode schemes = doc.at("/components/securitySchemes");
        assertThat(schemes.size()).isOne();
        assertThat(schemes.at("/" + ApiDocumentation.BEARER + "/type").asText()).isEqualTo("http");
        assertThat(schemes.at("/" + ApiDocumentation.BEARER + "/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/" + ApiDocumentation.BEARER + "/bearerFormat").asText()).isEqualTo("JWT");
        assertThat(doc.at("/paths/~1api~1cases/post/security").toString()).isEqualTo("[{\"bearerAuth\":[\"clerk\"]}]");
        assertThat(doc.at("/paths/~1api~1identity~1challenges/post/security").isMissingNode()).isTrue();
        // As Swagger UI calls it after "Authorize": the token as a bearer, from the page's own origin.
        mvc.perform(get("/api/cases").header(HttpHeaders.ORIGIN, "http://localhost")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + IDP.token(TestIdentityProvider.person("li.na", "approver"))))
                .andExpect(status().isOk());
    }

    private ResultActions receive(String token, String key) throws Exception {
        MockHttpServletRequestBuilder req = post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(RECEIVE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (key != null) {
            req.header("Idempotency-Key", key);
        }
        return mvc.perform(req);
    }

    /** A refused token: 401 UNAUTHENTICATED problem with the invalid_token challenge, and nothing written. */
    private void invalidToken(String token) throws Exception {
        refusedAsUnauthenticated("Bearer " + token)
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"invalid_token\"")));
    }

    private ResultActions refusedAsUnauthenticated(String authorization) throws Exception {
        int before = outbox.all().size();
        ResultActions r = mvc.perform(withAuthorization(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(RECEIVE), authorization))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        assertThat(outbox.all()).hasSize(before);
        return r;
    }

    private static MockHttpServletRequestBuilder withAuthorization(MockHttpServletRequestBuilder req, String authorization) {
        return authorization == null ? req : req.header(HttpHeaders.AUTHORIZATION, authorization);
    }
}
