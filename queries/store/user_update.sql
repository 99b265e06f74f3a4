-- name: user_update
-- params: $username VARCHAR, $role VARCHAR, $scope_key VARCHAR, $set_scope BOOLEAN, $disabled BOOLEAN, $password_hash VARCHAR
-- returns: nothing
-- Why: an administrator changes role, scope (set_scope: NULL scope = whole country is a value too), disabled or
-- password; NULL keeps the stored value. A new password also clears the failure counter.
UPDATE users SET
    role = coalesce($role, role),
    scope_key = CASE WHEN $set_scope THEN $scope_key ELSE scope_key END,
    disabled = coalesce($disabled, disabled),
    password_hash = coalesce($password_hash, password_hash),
    failures = CASE WHEN $password_hash IS NULL THEN failures ELSE 0 END
WHERE username = $username;
