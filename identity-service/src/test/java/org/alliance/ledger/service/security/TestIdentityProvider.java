package org.alliance.ledger.service.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real, minimal OpenID provider on 127.0.0.1 for the jwt-mode tests: it publishes its discovery
 * document and its JWK set the way Keycloak does under {@code /realms/<realm>}, and signs tokens
 * with its RSA key (RS256). The service finds the keys through the issuer URI exactly as it would
 * at a real provider; {@link #forgedToken} signs with a key the provider never published.
 */
final class TestIdentityProvider implements AutoCloseable {
    /** The audience the service under test is configured to require. */
    static final String AUDIENCE = "alliance-service";

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey otherKey;
    private final String issuer;

    /** Generates the keys and starts serving on a free port of 127.0.0.1. */
    TestIdentityProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
            // Same key id as the published one: only the signature can tell the forgery apart.
            otherKey = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/alliance";
        String jwks = issuer + "/protocol/openid-connect/certs";
        String discovery = """
                {"issuer":"%s","jwks_uri":"%s","id_token_signing_alg_values_supported":["RS256"],
                 "subject_types_supported":["public"],"response_types_supported":["code"]}""".formatted(issuer, jwks);
        server.createContext("/realms/alliance/.well-known/openid-configuration", x -> json(x, discovery));
        server.createContext("/realms/alliance/protocol/openid-connect/certs",
                x -> json(x, new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    /**
     * The issuer URI to configure ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}).
     *
     * @return the URI
     */
    String issuer() {
        return issuer;
    }

    /**
     * A valid token for the service: this issuer, the service's audience, five minutes to live.
     *
     * @param claims adds or overrides claims ({@code roles}, {@code preferred_username}, …)
     * @return the compact JWT
     */
    String token(Consumer<JWTClaimsSet.Builder> claims) {
        return sign(key, claims);
    }

    /**
     * A token that looks valid but is signed by a key the provider never published.
     *
     * @param claims adds or overrides claims
     * @return the compact JWT
     */
    String forgedToken(Consumer<JWTClaimsSet.Builder> claims) {
        return sign(otherKey, claims);
    }

    private String sign(RSAKey with, Consumer<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).subject("f1c9a6e2-subject")
                .audience(AUDIENCE).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        claims.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), b.build());
        try {
            jwt.sign(new RSASSASigner(with));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * The claims of a person with roles, for {@link #token}.
     *
     * @param name the {@code preferred_username}
     * @param roles the {@code roles}
     * @return the claim setter
     */
    static Consumer<JWTClaimsSet.Builder> person(String name, String... roles) {
        return b -> b.claim("preferred_username", name).claim("roles", List.of(roles));
    }

}
