package org.alliance.ledger.service.security;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.alliance.ledger.core.record.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in and how ({@code alliance.security.*}). Every person acts for the service's org
 * ({@code alliance.org}); a person of another region signs in at that region's instance.
 *
 * @param mode where people come from: {@link Mode#USERS} (the default) the users listed here, or
 *     {@link Mode#JWT} an external identity provider's bearer tokens
 * @param users the users of {@link Mode#USERS}; the defaults in {@code application.properties} are
 *     development users; ignored in {@link Mode#JWT}
 * @param devDefaults whether the configured users are the development defaults; the service
 *     refuses to start with them under the {@code prod} profile (in {@link Mode#USERS})
 * @param jwt which claims of the identity provider's tokens are read in {@link Mode#JWT}
 */
@ConfigurationProperties("alliance.security")
public record SecurityProperties(@DefaultValue("users") Mode mode, @DefaultValue List<User> users,
        @DefaultValue("false") boolean devDefaults, @DefaultValue Jwt jwt) {
    /** Copies the list. */
    public SecurityProperties {
        Objects.requireNonNull(mode, "alliance.security.mode");
        Objects.requireNonNull(jwt, "alliance.security.jwt");
        users = List.copyOf(users);
    }

    /** Where the people who call the API come from. */
    public enum Mode {
        /** The users of {@code alliance.security.users}, with HTTP Basic on the API. */
        USERS,
        /**
         * An external identity provider: the API is an OAuth2 resource server that takes the
         * provider's signed JWT bearer tokens ({@code spring.security.oauth2.resourceserver.jwt.*}).
         */
        JWT
    }

    /**
     * The claims read from an identity provider's token.
     *
     * @param rolesClaim the claim holding the person's role names, a list of strings (or one
     *     string of names separated by spaces or commas); a claim of that exact name is read
     *     first, else a dotted path into nested objects such as Keycloak's {@code realm_access.roles}.
     *     Names match the roles case-insensitively; other names are not alliance roles and are
     *     ignored
     * @param nameClaim the claim with the name recorded for attribution; {@code sub} when the token
     *     lacks it
     * @param audience when set, a token must name it in {@code aud}; null when not configured
     */
    public record Jwt(@DefaultValue("roles") String rolesClaim, @DefaultValue("preferred_username") String nameClaim,
            String audience) {
        /** Checks that the claim names are given and normalises an empty audience to none. */
        public Jwt {
            if (rolesClaim == null || rolesClaim.isBlank()) {
                throw new IllegalArgumentException("alliance.security.jwt.roles-claim must name a claim");
            }
            if (nameClaim == null || nameClaim.isBlank()) {
                throw new IllegalArgumentException("alliance.security.jwt.name-claim must name a claim");
            }
            rolesClaim = rolesClaim.strip();
            nameClaim = nameClaim.strip();
            audience = audience == null || audience.isBlank() ? null : audience.strip();
        }
    }

    /**
     * One person.
     *
     * @param name the user name
     * @param password the password, plain (encoded at startup) or already encoded with a
     *     {@code {id}} prefix such as {@code {bcrypt}}
     * @param roles the person's roles; {@code SERVICE} is the service's own and cannot be given
     */
    public record User(String name, String password, Set<Role> roles) {
        /** Checks that the user is complete. */
        public User {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("alliance.security.users[].name is required");
            }
            if (password == null || password.isBlank()) {
                throw new IllegalArgumentException("alliance.security.users[" + name + "].password is required");
            }
            roles = Set.copyOf(Objects.requireNonNullElse(roles, Set.of()));
            if (roles.isEmpty() || roles.contains(Role.SERVICE)) {
                throw new IllegalArgumentException("user " + name + " needs one or more roles of APPLICANT, CLERK, "
                        + "APPROVER, ISSUER, AUDITOR, ADMIN");
            }
        }

        @Override
        public String toString() {
            return "User[" + name + ", roles=" + roles + "]";
        }
    }
}
