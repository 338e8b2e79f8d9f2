/**
 * Evidence records: the signed envelope ({@link org.alliance.ledger.core.record.EvidenceRecord},
 * {@link org.alliance.ledger.core.record.SignedRecord}), one body type per
 * {@link org.alliance.ledger.core.record.RecordType}, the strict codec
 * ({@link org.alliance.ledger.core.record.RecordCodec}), the builder that signs records
 * ({@link org.alliance.ledger.core.record.RecordFactory}) and the
 * {@link org.alliance.ledger.core.record.PersonalDataScanner} that keeps personal data off the
 * ledger.
 *
 * <p>Every value type validates its format in its compact constructor and throws
 * {@link org.alliance.ledger.core.error.RuleException} with a stable error code, so a record that
 * exists as an object is well-formed whether it was parsed or built in code. Whether it may be
 * written is decided by {@link org.alliance.ledger.core.rules.EvidenceRules}.
 */
package org.alliance.ledger.core.record;
