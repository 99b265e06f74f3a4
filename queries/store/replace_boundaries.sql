-- name: replace_boundaries
-- params: $keep_existing BOOLEAN, $replace_source VARCHAR
-- returns: nothing; writes the registered relation `boundary_rows` (the boundaries table's columns)
-- Why: one script for every writer. The default build passes keep_existing = true so it only fills units without
-- a shape (loaded files survive) and replaces rows whose source is $replace_source (the estimated map of stores
-- built before the official 2025 shapes shipped); official loads and forced rebuilds replace everything they bring.
DELETE FROM boundaries USING boundary_rows r
WHERE (NOT $keep_existing OR boundaries.source = $replace_source)
  AND boundaries.era = r.era AND boundaries.level = r.level AND boundaries.unit_key = r.unit_key;

INSERT INTO boundaries BY NAME
SELECT r.* FROM boundary_rows r
WHERE NOT EXISTS (SELECT 1 FROM boundaries b WHERE b.era = r.era AND b.level = r.level AND b.unit_key = r.unit_key);
