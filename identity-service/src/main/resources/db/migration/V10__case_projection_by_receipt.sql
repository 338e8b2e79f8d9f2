-- The audit's durations read the cases received in a period, whatever their state or region:
-- without this index that query scans the whole projection.
create index case_by_receipt on case_projection (received_ms, case_id);
