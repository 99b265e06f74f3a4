-- name: session_insert
-- params: $token_sha256 VARCHAR, $username VARCHAR, $now TIMESTAMP, $expires_at TIMESTAMP
-- returns: nothing
-- Why: a signed-in browser keeps a token in a cookie; the store keeps only its hash. Expired ones go here too.
DELETE FROM sessions WHERE expires_at < $now;
INSERT INTO sessions (token_sha256, username, created_at, expires_at) VALUES ($token_sha256, $username, $now, $expires_at);
