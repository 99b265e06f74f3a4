-- name: drop_staged_seed_held
-- params: $source_id BIGINT
-- returns: nothing (removes from the temp table `staged` the rows staged_seed_held lists, before commit_staged)
-- Why: what is held back is not written; the rest of the document is.
DELETE FROM staged
WHERE change = 'revised'
  AND prev_obs_id IN (SELECT obs_id FROM observations
                      WHERE upload_id IS NOT NULL OR source_id IS DISTINCT FROM $source_id);
