/**
 * The certificate library: a whole library of certificate hashes built into an RFC 6962 tree kept
 * as tiles ({@code ledger-cli bulk build}), served read-only. Anyone may fetch the library's size
 * and root and the inclusion proof of one certificate, in the form {@code ledger-cli bulk verify}
 * reads, and check it against the root in the browser; an admin records the library's checkpoint
 * on the ledger through the outbox, as a signed {@code LOG_CHECKPOINT} of the library's own log id,
 * so the root a proof is checked against is one the alliance holds.
 */
package org.alliance.ledger.service.library;
