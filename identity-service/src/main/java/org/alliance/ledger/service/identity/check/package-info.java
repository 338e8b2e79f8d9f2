/**
 * The identity check pipeline and its API: validation, liveness, face comparison, the signed
 * IDENTITY_ATTESTATION record, and one transaction for check, personal data and outbox entry.
 */
package org.alliance.ledger.service.identity.check;
