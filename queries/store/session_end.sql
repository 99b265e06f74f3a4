-- name: session_end
-- params: $token_sha256 VARCHAR
-- returns: nothing
-- Why: sign-out ends the session for every tab holding the cookie.
DELETE FROM sessions WHERE token_sha256 = $token_sha256;
