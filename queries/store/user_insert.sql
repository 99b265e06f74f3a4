-- name: user_insert
-- params: $username VARCHAR, $display_name VARCHAR, $email VARCHAR, $role VARCHAR, $scope_key VARCHAR, $password_hash VARCHAR, $source VARCHAR, $now TIMESTAMP
-- returns: nothing
-- Why: a new account; the password only as its argon2 hash.
INSERT INTO users (username, display_name, email, role, scope_key, password_hash, source, created_at)
VALUES ($username, $display_name, $email, $role, $scope_key, $password_hash, $source, $now);
