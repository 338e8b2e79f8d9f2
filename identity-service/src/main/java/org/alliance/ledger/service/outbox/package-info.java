/**
 * The transactional outbox: records stored with the business change, submitted
 * to the ledger in batches by a worker, idempotently, with retries and a visible status.
 */
package org.alliance.ledger.service.outbox;
