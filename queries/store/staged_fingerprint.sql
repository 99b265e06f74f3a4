-- name: staged_fingerprint
-- params: none
-- returns: fingerprint (VARCHAR)
-- Why: what a preview would do, in one value: every staged cell with the current row it would supersede and its
-- change. The commit stages again inside its transaction; another fingerprint means the store changed since the
-- preview (a colleague's revision) and the commit stops instead of overwriting it unseen.
SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(unit_key, indicator_code, period, status,
                                                     coalesce(prev_obs_id, -1), change)), 0)::VARCHAR AS fingerprint
FROM staged;
