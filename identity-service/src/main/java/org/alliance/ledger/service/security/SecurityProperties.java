package org.alliance.ledger.service.security;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.alliance.ledger.core.rules.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * People who may sign in ({@code alliance.security.*}). Every user acts for the service's org
 * ({@code alliance.org}); a person of another region signs in at that region's instance.
 *
 * @param users the users; the defaults in {@code application.properties} are development users
 * @param devDefaults whether the configured users are the development defaults; the service
 *     refuses to start with them under the {@code prod} profile
 */
@ConfigurationProperties("alliance.security")
public record SecurityProperties(@DefaultValue List<User> users, @DefaultValue("false") boolean devDefaults) {
    /** Copies the list. */
    public SecurityProperties {
        users = List.copyOf(users);
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
