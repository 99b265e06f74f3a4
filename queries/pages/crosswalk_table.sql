-- name: crosswalk_table
-- params: $level VARCHAR, $new_key VARCHAR
-- returns: old_key, old_code, old_name, new_key, new_code, new_name, share, method, is_default, source
-- Why: the crosswalk page shows which legacy units make up each new unit, with shares and whether they are
-- estimated; $new_key NULL lists the whole level.
SELECT c.old_key, o.code AS old_code, o.name AS old_name, c.new_key, n.code AS new_code, n.name AS new_name,
       c.share, c.method, c.is_default, c.source
FROM crosswalk c
JOIN units o ON o.unit_key = c.old_key
JOIN units n ON n.unit_key = c.new_key
WHERE c.level = $level AND ($new_key IS NULL OR c.new_key = $new_key)
ORDER BY n.code, c.share DESC, o.code;
