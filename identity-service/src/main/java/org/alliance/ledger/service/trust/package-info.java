/**
 * The trust bundle ({@code GET /api/trust}): the alliance agreement's signed records, the ledger's
 * node keys or CA certificates, signed by this member, for verifying evidence offline.
 */
package org.alliance.ledger.service.trust;
