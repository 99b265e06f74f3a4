-- name: unit_names
-- params: $unit_keys VARCHAR[]
-- returns: unit_key, name
-- Why: refusals name units as people know them ("Tỉnh Bạc Liêu"), not by key.
SELECT unit_key, name FROM units WHERE list_contains($unit_keys, unit_key) ORDER BY unit_key;
