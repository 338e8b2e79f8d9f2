-- The read model: views of the ledger projected from its committed-event stream. The checkpoint
-- (the last batch projected) is written in the same transaction as the rows that batch changed,
-- so the two never disagree; losing either rebuilds the projections from the ledger.
create table projection_checkpoint (
    name            varchar(32)              primary key,
    block_number    bigint                   not null,
    transaction_id  varchar(128)             not null,
    updated_at      timestamp with time zone not null
);
-- One row per case, the ledger's case status as of the last projected batch that touched it.
-- Times are kept as the ledger's RFC 3339 text for display and as epoch milliseconds for ordering
-- and filtering (the ledger's deadlines carry nanoseconds, which a timestamp column would round).
create table case_projection (
    case_id          varchar(128)  primary key,
    agreement_id     varchar(128)  not null,
    item_code        varchar(64)   not null,
    accepting_org    varchar(64)   not null,
    home_org         varchar(64)   not null,
    state            varchar(16)   not null,
    assisted         boolean       not null,
    time_limit_days  integer       not null,
    received_at      varchar(40)   not null,
    received_ms      bigint        not null,
    deadline         varchar(40)   not null,
    deadline_ms      bigint        not null,
    completed_at     varchar(40),
    completed_ms     bigint,
    last_step_time   varchar(40)   not null,
    step_count       integer       not null
);
create index case_by_home on case_projection (home_org, state, received_ms, case_id);
create index case_by_accepting on case_projection (accepting_org, state, received_ms, case_id);
create index case_by_deadline on case_projection (deadline_ms, case_id);
-- Whether the projection has passed an outbox entry's record: until it has, views overlay the
-- entry, so a write acknowledged here is never shown in its state from before the write.
alter table outbox add column projected boolean not null default false;
create index outbox_unprojected on outbox (projected, chain_key);
