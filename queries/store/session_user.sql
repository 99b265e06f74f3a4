-- name: session_user
-- params: $token_sha256 VARCHAR, $now TIMESTAMP
-- returns: username
-- Why: identity survives a reload while the session lives.
SELECT username FROM sessions WHERE token_sha256 = $token_sha256 AND expires_at > $now;
