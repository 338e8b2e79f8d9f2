/**
 * The alliance log in the service: every instance keeps the RFC 6962 tree of the ledger's
 * committed batch roots, in ledger order, from its own copy of the ledger; acts as a witness that
 * co-signs other members' checkpoints of it only when they extend what it co-signed before and
 * are the tree of the batches its own ledger holds; and, where configured as the producer,
 * checkpoints the log on a schedule, gathers the other members' co-signatures over HTTP and
 * records the co-signed checkpoint on the ledger as a {@code LOG_CHECKPOINT} record.
 *
 * <p>A witness's refusal that shows a conflicting history (truncated, forked, inconsistent) is
 * kept with both checkpoints and the proof as evidence, and is served to anyone who asks.
 */
package org.alliance.ledger.service.alliancelog;
