-- name: user_get
-- params: $username VARCHAR, $email VARCHAR
-- returns: username, display_name, email, role, scope_key, password_hash, disabled, source, failures, last_failure
-- Why: one account by username or (OIDC) by email, case-insensitive; NULL matches nothing.
SELECT username, display_name, email, role, scope_key, password_hash, disabled, source, failures, last_failure
FROM users WHERE username = $username OR lower(email) = lower($email);
