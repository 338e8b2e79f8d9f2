package org.alliance.ledger.core.record;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * The unsigned evidence record envelope of DESIGN.md. Its canonical JSON is what is hashed and
 * signed.
 *
 * @param type the record type; must match the body
 * @param id the record id, unique on the ledger
 * @param version the record format version; {@value #FORMAT_VERSION} is the only one defined
 * @param org the producing org's MSP id
 * @param time when the producer made the record, RFC 3339 UTC with {@code Z}
 * @param prev {@code ALG:HEX} hash of the previous record of the same subject; absent for the first
 * @param hashAlg the algorithm of this record's hash
 * @param body the type-specific content
 */
@JsonDeserialize(using = RecordCodec.EvidenceRecordDeserializer.class)
public record EvidenceRecord(RecordType type, String id, int version, String org, String time,
        String prev, String hashAlg, RecordBody body) {
    /** The record format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Checks every envelope field's format and that the body belongs to the type. */
    public EvidenceRecord {
        Fields.required("type", type);
        Fields.id("id", id);
        if (version != FORMAT_VERSION) {
            throw Fields.malformed("unsupported record version " + version + " (expected " + FORMAT_VERSION + ")");
        }
        Fields.mspId("org", org);
        Fields.time("time", time);
        if (prev != null) {
            Fields.taggedHash("prev", prev);
        }
        Fields.hashAlg("hashAlg", hashAlg);
        Fields.required("body", body);
        if (body.recordType() != type) {
            throw Fields.malformed("a " + type + " record cannot carry a " + body.recordType() + " body");
        }
    }

    /**
     * The record time as an instant.
     *
     * @return the time
     */
    public Instant instant() {
        return Instant.parse(time);
    }

    /**
     * The record's hash algorithm.
     *
     * @return the algorithm
     */
    public HashAlgorithm hashAlgorithm() {
        return HashAlgorithm.fromId(hashAlg);
    }

    /**
     * The subject whose chain this record extends, qualified by its kind, for example
     * {@code case/case-2026-0001}.
     *
     * @return the subject key
     */
    public String subject() {
        return type.subjectKind() + "/" + body.subjectId(id, org);
    }
}
