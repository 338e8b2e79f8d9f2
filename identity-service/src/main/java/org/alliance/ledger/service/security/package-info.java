/**
 * People and roles: who may call which endpoint. The chaincode enforces org-level
 * rules; this package enforces per-person roles (applicant, clerk, approver, issuer, auditor, admin)
 * before a record is even built, so an unauthorised action is refused with 403 and never written.
 *
 * <p>People come from properties ({@link SecurityProperties}, development users by default) or,
 * with {@code alliance.security.mode=jwt}, from an external identity provider's signed tokens
 * ({@link JwtActorConverter} maps its role claim to the same authorities). Only the authentication
 * changes between the two; the endpoint rules of {@link SecurityConfiguration} are the same.
 */
package org.alliance.ledger.service.security;
