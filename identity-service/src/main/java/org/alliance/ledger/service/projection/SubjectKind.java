package org.alliance.ledger.service.projection;

import org.alliance.ledger.core.record.RecordType;

/** The subjects whose views are projected whole, and the ledger subject each one's records extend. */
enum SubjectKind {
    /** A case's timeline: its status and every step. */
    TIMELINE(RecordType.CASE),
    /** A certificate's status and history. */
    CERTIFICATE(RecordType.CERTIFICATE),
    /** An agreement's versions and signatures. */
    AGREEMENT(RecordType.AGREEMENT);

    private final RecordType records;

    SubjectKind(RecordType records) {
        this.records = records;
    }

    /** The ledger subject of an id of this kind, as outbox chains name it. */
    String subject(String id) {
        return records.subjectKind() + "/" + id;
    }
}
