-- Free-text notes that come with a reason code (why a certificate was suspended, why a recognition
-- was refused): the ledger holds only the code and the note's hash; the words, which may name a
-- person, are kept here, SM4-GCM encrypted with a random salt that the hash covers, and deleted
-- once purge_after has passed. The row goes with the record's outbox entry in one transaction.
create table off_ledger_note (
    record_id    varchar(128)             primary key,
    note_hash    varchar(200)             not null,
    iv           bytea                    not null,
    ciphertext   bytea                    not null,
    purge_after  timestamp with time zone not null,
    created_at   timestamp with time zone not null
);
create index off_ledger_note_purge on off_ledger_note (purge_after);
