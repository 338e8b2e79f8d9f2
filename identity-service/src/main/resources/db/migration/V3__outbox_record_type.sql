-- The record type of an outbox entry, so a dry run can leave out the identity attestations that
-- the judged write does not name: attestations are the high-volume records (one per kiosk check),
-- and no rule reads one except a case receive that names it. Entries written before this column
-- existed have no type and are always included, which is the safe side.
alter table outbox add column record_type varchar(32);
