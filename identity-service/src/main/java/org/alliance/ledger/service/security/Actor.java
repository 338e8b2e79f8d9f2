package org.alliance.ledger.service.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The signed-in person a request acts for: the name recorded for attribution and the roles the
 * security filter granted.
 *
 * @param name the user name
 * @param roles the roles
 */
public record Actor(String name, Set<Role> roles) {
    /** The prefix Spring Security puts before role names in authorities. */
    public static final String ROLE_PREFIX = "ROLE_";

    /** Checks and copies. */
    public Actor {
        Objects.requireNonNull(name, "name");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /**
     * The person of the current request.
     *
     * @return the actor
     * @throws ApiException 401 UNAUTHENTICATED if nobody signed in
     */
    public static Actor current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getPrincipal() == null
                || "anonymousUser".equals(auth.getPrincipal())) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "sign in first");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : auth.getAuthorities()) {
            String s = a.getAuthority();
            if (s != null && s.startsWith(ROLE_PREFIX)) {
                try {
                    roles.add(Role.valueOf(s.substring(ROLE_PREFIX.length())));
                } catch (IllegalArgumentException e) {
                    // An authority from another source (an IdP scope, say) is not an alliance role.
                }
            }
        }
        return new Actor(auth.getName(), roles);
    }

    /**
     * Whether the current request comes from someone signed in with a role.
     *
     * @param role the role
     * @return true if signed in and holding it
     */
    public static boolean currentHas(Role role) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> (ROLE_PREFIX + role.name()).equals(a.getAuthority()));
    }

    /**
     * Whether the actor holds a role.
     *
     * @param role the role
     * @return true if so
     */
    public boolean has(Role role) {
        return roles.contains(role);
    }
}
