package org.alliance.ledger.service.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a write handler that takes an {@code Idempotency-Key} header: {@link Idempotency} runs it
 * once per key and person and answers a repeat with the stored response. The handler itself knows
 * nothing of keys; the OpenAPI document lists the header on every operation so marked.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
