-- name: replace_crosswalk
-- params: none
-- returns: nothing; writes the registered relation `crosswalk_rows` (the crosswalk table's columns)
-- Why: one writer for the default build and official corrections: every old unit named in the new rows
-- loses all its previous rows (its successors may change), other old units are left alone.
DELETE FROM crosswalk USING crosswalk_rows r
WHERE crosswalk.level = r.level AND crosswalk.old_key = r.old_key;

INSERT INTO crosswalk BY NAME
SELECT * FROM crosswalk_rows;
