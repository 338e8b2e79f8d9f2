-- The model set that made a check and the set's licence, as the signed record states them; null
-- for checks made before the record carried them.
alter table identity_check add column model_set varchar(128);
alter table identity_check add column model_licence varchar(256);
