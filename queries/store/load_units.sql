-- name: load_units
-- params: none
-- returns: nothing; replaces the units table from the registered relation `new_units`
DELETE FROM units;
INSERT INTO units BY NAME SELECT * FROM new_units;
