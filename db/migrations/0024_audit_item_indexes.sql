-- The cull of a case (records plan) deletes the findings on its audit items and empties their
-- checklists (store/pg_records_repository.cpp): by case_id, which no index led with, so every
-- cull batch scanned audit_items, and each finding lookup by item scanned audit_findings. The
-- audit's page and report read the findings by item as well.
CREATE INDEX audit_items_case ON audit_items (case_id);
CREATE INDEX audit_findings_item ON audit_findings (item_id);
