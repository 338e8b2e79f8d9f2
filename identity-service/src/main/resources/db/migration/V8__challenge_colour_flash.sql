-- A challenge's colour flash: the screen colours the client shows while it films the face, each
-- with its duration (RED:420,GREEN:350,...); null for a challenge issued without one.
alter table challenge add column flash varchar(200);
