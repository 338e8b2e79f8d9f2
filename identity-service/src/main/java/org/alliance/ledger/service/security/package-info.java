/**
 * People and roles (ARCHITECTURE §6): who may call which endpoint. The chaincode enforces org-level
 * rules; this package enforces per-person roles (applicant, clerk, approver, issuer, auditor, admin)
 * before a record is even built, so an unauthorised action is refused with 403 and never written.
 *
 * <p>Development users come from properties ({@link SecurityProperties}); the authentication
 * provider is the only part that changes for an external identity provider (an OIDC resource
 * server mapping a role claim to the same authorities).
 */
package org.alliance.ledger.service.security;
