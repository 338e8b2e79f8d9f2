-- Ordered chains in the outbox. Records that depend on each other (the steps of one case, the life
-- of one certificate, the versions of one agreement) share a chain, named by the ledger subject the
-- record extends; the worker submits an entry only once every earlier entry of its chain, and of the
-- chain it depends on (the attestation a case names, the case a certificate results from, the
-- result a recognition is about), is settled. Entries written before these columns existed have no
-- chain and are treated as one chain that every later entry waits behind, which is the safe side.
alter table outbox add column chain_key varchar(200);
alter table outbox add column depends_on varchar(200);
create index outbox_unsettled on outbox (status, id);
