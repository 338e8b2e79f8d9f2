/**
 * Electronic certificates: issue for an approved case with the file's hash, a type code,
 * a GB/T 36904-style id and validity dates; suspend, reinstate and revoke; and public verification
 * by id or by uploading the file, with the verdict (VALID, SUSPENDED, REVOKED or UNKNOWN) taken from
 * the ledger and its provenance.
 */
package org.alliance.ledger.service.certificates;
