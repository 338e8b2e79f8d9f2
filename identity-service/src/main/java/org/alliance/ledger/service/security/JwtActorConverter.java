package org.alliance.ledger.service.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.alliance.ledger.core.record.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns an identity provider's validated token into the person the API sees: the alliance roles
 * named in the roles claim become {@code ROLE_CLERK}, {@code ROLE_APPROVER} and so on, the very
 * authorities the users of {@link SecurityProperties.Mode#USERS} get, so the endpoint rules and
 * {@link Actor} work the same in both modes.
 *
 * <p>A role name the alliance does not know is ignored rather than refused: an IdP gives people
 * roles for many applications, and a token is not wrong because it carries them. {@code SERVICE}
 * is the service's own ledger role and is never taken from a token, as it is never given to a
 * configured user.
 */
final class JwtActorConverter implements Converter<Jwt, JwtAuthenticationToken> {
    /** The longest name the service records for attribution (the idempotency table's principal). */
    static final int MAX_NAME_LENGTH = 128;

    private final SecurityProperties.Jwt claims;

    /**
     * Reads the configured claims.
     *
     * @param claims which claims hold the roles and the name
     */
    JwtActorConverter(SecurityProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public JwtAuthenticationToken convert(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : roles(jwt)) {
            authorities.add(new SimpleGrantedAuthority(Actor.ROLE_PREFIX + role.name()));
        }
        return new JwtAuthenticationToken(jwt, authorities, name(jwt));
    }

    /**
     * The alliance roles the token names.
     *
     * @param jwt the validated token
     * @return the roles, empty when the claim is missing or names none
     */
    Set<Role> roles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : roleNames(claim(jwt.getClaims(), claims.rolesClaim()))) {
            try {
                roles.add(Role.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException notAllianceRole) {
                // Another application's role at the same IdP: not ours to judge.
            }
        }
        roles.remove(Role.SERVICE);
        return roles;
    }

    /**
     * The name recorded for attribution: the configured name claim, else the subject.
     *
     * @param jwt the validated token
     * @return the name
     * @throws InvalidBearerTokenException (401) when the token names nobody, or a name too long to
     *     record, so no write could be attributed
     */
    String name(Jwt jwt) {
        String name = text(jwt.getClaims().get(claims.nameClaim()));
        if (name == null) {
            name = text(jwt.getClaims().get(JwtClaimNames.SUB));
        }
        if (name == null) {
            throw new InvalidBearerTokenException("the token has neither " + claims.nameClaim() + " nor sub");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidBearerTokenException("the token's name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    /**
     * A claim by its exact name first (names such as {@code https://example.org/roles} contain
     * dots), else by a dotted path into nested objects (Keycloak's {@code realm_access.roles}).
     */
    private static Object claim(Map<String, Object> all, String name) {
        if (all.containsKey(name)) {
            return all.get(name);
        }
        Object at = all;
        for (String part : name.split("\\.", -1)) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(part);
        }
        return at;
    }

    private static List<String> roleNames(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof String s) {
            // Some IdPs put the roles in one string, like the OAuth2 scope claim.
            for (String name : s.split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isBlank()) {
                    names.add(s);
                }
            }
        }
        return names;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
