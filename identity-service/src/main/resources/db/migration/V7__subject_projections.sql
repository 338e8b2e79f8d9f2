-- Views of single subjects, projected like the cases from the committed-event stream: the
-- ledger's view of a case's timeline, a certificate or an agreement as of the last projected batch
-- that touched it, as the ledger's JSON; and each recognition of a target, for keyset pages.
create table subject_projection (
    kind        varchar(16)   not null,
    subject_id  varchar(200)  not null,
    view_json   text          not null,
    primary key (kind, subject_id)
);
create table recognition_projection (
    target_id       varchar(200)  not null,
    recognition_id  varchar(200)  not null,
    view_json       text          not null,
    primary key (target_id, recognition_id)
);
create index outbox_unprojected_dependency on outbox (projected, depends_on);
