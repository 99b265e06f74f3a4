-- name: users_list
-- params: none
-- returns: username, display_name, email, role, scope_key, scope_name, disabled, source, created_at, last_sign_in
-- Why: the users page and `users list`; never the hash.
SELECT s.username, s.display_name, s.email, s.role, s.scope_key, u.name AS scope_name, s.disabled, s.source,
       s.created_at, s.last_sign_in
FROM users s LEFT JOIN units u ON u.unit_key = s.scope_key
ORDER BY s.username;
