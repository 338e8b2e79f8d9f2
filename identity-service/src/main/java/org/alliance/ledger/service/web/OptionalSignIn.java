package org.alliance.ledger.service.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.alliance.ledger.core.record.Role;

/**
 * Marks a handler the security filter lets anyone reach but that decides per request whether the
 * caller must be signed in with one of {@link #value()} (a certificate's evidence bundle is public,
 * any other record's is for auditors). The OpenAPI document offers such an operation both ways:
 * anonymously, or signed in with those roles, and lists its 401 and 403 answers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OptionalSignIn {
    /**
     * The roles that open what an anonymous caller is refused.
     *
     * @return the roles
     */
    Role[] value();
}
