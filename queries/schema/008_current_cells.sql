-- migration: 008_current_cells
-- Why: "at most one current figure per unit, indicator, period and status" is enforced by the database itself,
-- not only by the app's writer lock: every write keeps this table (one row per current cell, its obs_id) in the
-- same transaction, so two transactions that would each make a figure current in one cell cannot both commit
-- (DuckDB refuses the second: duplicate key, or a conflict on the same row). Filled from the current rows.
CREATE TABLE current_cells (
    unit_key       VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    period         VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    obs_id         BIGINT NOT NULL,
    PRIMARY KEY (unit_key, indicator_code, period, status)
);
INSERT INTO current_cells
SELECT unit_key, indicator_code, period, status, obs_id FROM observations WHERE superseded_at IS NULL;
