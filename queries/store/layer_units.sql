-- name: layer_units
-- params: $era VARCHAR, $level VARCHAR
-- returns: unit_key, code, name
-- Why: the registry units one boundary layer must cover (official files are matched against these).
SELECT unit_key, code, name FROM units WHERE era = $era AND level = $level ORDER BY code;
