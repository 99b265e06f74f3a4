-- name: admin_count
-- params: none
-- returns: n
-- Why: the first administrator may be created without an acting admin, and only then.
SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled;
