-- name: commit_staged
-- params: $now TIMESTAMP, $source_id BIGINT, $upload_id BIGINT, $recorded_by VARCHAR
-- returns: nothing (writes observations and current_cells; run inside one transaction)
-- Why: new and revised rows are inserted; each revised row supersedes the current one, which is
-- kept as history (superseded_at, superseded_by) so an upload can be undone exactly. current_cells points
-- each written cell at its new row: a concurrent transaction writing the same cell cannot also commit.
CREATE OR REPLACE TEMP TABLE written AS
SELECT nextval('obs_id_seq') AS new_obs_id, * EXCLUDE (prev_raw_text, prev_value, change)
FROM staged WHERE change <> 'unchanged';

UPDATE observations SET superseded_at = $now, superseded_by = w.new_obs_id
FROM written w WHERE observations.obs_id = w.prev_obs_id;

INSERT INTO observations BY NAME
SELECT * EXCLUDE (new_obs_id, prev_obs_id), new_obs_id AS obs_id,
       $now AS recorded_at, $recorded_by AS recorded_by, $source_id AS source_id, $upload_id AS upload_id
FROM written;

INSERT OR REPLACE INTO current_cells
SELECT unit_key, indicator_code, period, status, new_obs_id FROM written;
