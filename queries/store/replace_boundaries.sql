-- name: replace_boundaries
-- params: $keep_existing BOOLEAN
-- returns: nothing; writes the registered relation `boundary_rows` (the boundaries table's columns)
-- Why: one script for both writers. The default build passes keep_existing = true so it only fills
-- units without a shape (official rows survive); official loads and forced rebuilds replace.
DELETE FROM boundaries USING boundary_rows r
WHERE NOT $keep_existing AND boundaries.era = r.era AND boundaries.level = r.level
  AND boundaries.unit_key = r.unit_key;

INSERT INTO boundaries BY NAME
SELECT r.* FROM boundary_rows r
WHERE NOT EXISTS (SELECT 1 FROM boundaries b WHERE b.era = r.era AND b.level = r.level AND b.unit_key = r.unit_key);
