-- name: sign_in_result
-- params: $username VARCHAR, $ok BOOLEAN, $now TIMESTAMP
-- returns: nothing
-- Why: consecutive failures slow and lock an account; a success resets them. Kept in the store so a restart
-- or another server thread does not forget them.
UPDATE users SET
    failures = CASE WHEN $ok THEN 0 ELSE failures + 1 END,
    last_failure = CASE WHEN $ok THEN last_failure ELSE $now END,
    last_sign_in = CASE WHEN $ok THEN $now ELSE last_sign_in END
WHERE username = $username;
