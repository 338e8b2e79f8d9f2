package org.alliance.ledger.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** How a validated token's claims become the person's roles and name. */
class JwtActorConverterTest {
    private static final JwtActorConverter DEFAULTS =
            new JwtActorConverter(new SecurityProperties.Jwt("roles", "preferred_username", null));

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder b = Jwt.withTokenValue("token").header("alg", "RS256").subject("subject-1");
        claims.forEach(b::claim);
        return b.build();
    }

    @Test
    void rolesBecomeTheSameAuthoritiesAsTheConfiguredUsers() {
        JwtAuthenticationToken auth = DEFAULTS.convert(jwt(Map.of("preferred_username", "zhang.wei",
                "roles", List.of("clerk", "Approver", "uma_authorization", "SERVICE", " "))));
        assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_CLERK", "ROLE_APPROVER");
        assertThat(auth.getName()).isEqualTo("zhang.wei");
    }

    @Test
    void aMissingOrOddRolesClaimGivesNoRole() {
        assertThat(DEFAULTS.roles(jwt(Map.of()))).isEmpty();
        assertThat(DEFAULTS.roles(jwt(Map.of("roles", 42)))).isEmpty();
        assertThat(DEFAULTS.roles(jwt(Map.of("roles", List.of(7, "auditor"))))).containsExactly(Role.AUDITOR);
    }

    @Test
    void rolesInOneStringAreSplitOnSpacesAndCommas() {
        assertThat(DEFAULTS.roles(jwt(Map.of("roles", "clerk, issuer auditor"))))
                .containsExactlyInAnyOrder(Role.CLERK, Role.ISSUER, Role.AUDITOR);
    }

    @Test
    void keycloakRealmRolesAreReadByADottedPath() {
        JwtActorConverter keycloak = new JwtActorConverter(new SecurityProperties.Jwt("realm_access.roles", "preferred_username", null));
        assertThat(keycloak.roles(jwt(Map.of("realm_access", Map.of("roles", List.of("admin", "default-roles-alliance"))))))
                .containsExactly(Role.ADMIN);
        assertThat(keycloak.roles(jwt(Map.of("realm_access", "not-an-object")))).isEmpty();
    }

    @Test
    void aClaimNamedWithDotsIsReadByItsExactNameFirst() {
        JwtActorConverter namespaced = new JwtActorConverter(
                new SecurityProperties.Jwt("https://alliance.example/roles", "preferred_username", null));
        assertThat(namespaced.roles(jwt(Map.of("https://alliance.example/roles", List.of("issuer")))))
                .containsExactly(Role.ISSUER);
    }

    @Test
    void theNameFallsBackToTheSubjectAndIsRequired() {
        assertThat(DEFAULTS.name(jwt(Map.of("preferred_username", " ")))).isEqualTo("subject-1");
        JwtActorConverter email = new JwtActorConverter(new SecurityProperties.Jwt("roles", "email", null));
        assertThat(email.name(jwt(Map.of("email", "li.na@chaozhou.example")))).isEqualTo("li.na@chaozhou.example");
        Jwt nobody = Jwt.withTokenValue("token").header("alg", "RS256").claim("roles", List.of("clerk")).build();
        assertThatThrownBy(() -> DEFAULTS.convert(nobody)).isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> DEFAULTS.name(jwt(Map.of("preferred_username", "x".repeat(129)))))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void claimNamesAreRequiredAndABlankAudienceIsNone() {
        assertThat(new SecurityProperties.Jwt("roles", "sub", " ").audience()).isNull();
        assertThatThrownBy(() -> new SecurityProperties.Jwt(" ", "sub", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roles-claim");
        assertThatThrownBy(() -> new SecurityProperties.Jwt("roles", "", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name-claim");
    }
}
