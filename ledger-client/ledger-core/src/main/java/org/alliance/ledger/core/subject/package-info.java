/**
 * Subject references: how a person appears on the ledger without their personal data.
 *
 * <p>{@link org.alliance.ledger.core.subject.SubjectReference} turns an ID number into a keyed
 * hash that only holders of the alliance secret can recompute, and
 * {@link org.alliance.ledger.core.subject.IdNumbers} validates GB 11643 ID numbers, both for the
 * identity check and for the personal-data scanner that keeps ID numbers off the ledger.
 */
package org.alliance.ledger.core.subject;
