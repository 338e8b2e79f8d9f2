-- Cross-region cases, certificates and recognitions (issue 5).

-- The role the ledger caller takes for an entry: the rules check the caller's role against the
-- transition (a clerk forwards, an approver approves, an issuer issues), so a record is submitted
-- with the role of the person who acted; identity attestations keep the service role.
alter table outbox add column caller_role varchar(16) not null default 'SERVICE';

-- One row per Idempotency-Key: the same key from the same user for the same request answers the
-- stored response again and never writes a second record.
create table idempotency (
    idem_key      varchar(128)             not null,
    principal     varchar(128)             not null,
    request_hash  varchar(64)              not null,
    status        integer                  not null,
    response_json text                     not null,
    created_at    timestamp with time zone not null,
    primary key (principal, idem_key)
);

-- Certificates this service issued: the files' hashes for verification by upload (the ledger is
-- keyed by certificate id, not by file hash), and the serial counter of the GB/T 36904-style ids.
create table certificate_file (
    certificate_id  varchar(64)              primary key,
    case_id         varchar(128)             not null,
    sha256          varchar(64)              not null,
    sm3             varchar(64)              not null,
    media_type      varchar(64)              not null,
    created_at      timestamp with time zone not null
);
create index certificate_file_sha256 on certificate_file (sha256);

create table certificate_serial (
    type_code  varchar(16) not null,
    issue_year integer     not null,
    last_serial bigint     not null,
    primary key (type_code, issue_year)
);
