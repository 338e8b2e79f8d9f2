package org.alliance.ledger.core.rules;

import org.alliance.ledger.core.record.RecordType;

/**
 * A reference to a stored record, as index queries return it.
 *
 * @param id the record id
 * @param type the record type
 * @param org the producing org
 * @param time the record time, RFC 3339
 * @param hash the record hash, hex
 * @param batchId the batch that carries it
 */
public record RecordRef(String id, RecordType type, String org, String time, String hash, String batchId) {
}
