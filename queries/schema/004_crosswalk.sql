-- migration: 004_crosswalk
-- Why: a figure reported for a legacy unit (before 1 July 2025) can only be compared with the new units
-- through this table. Provinces merged whole; legacy communes either merged whole into one new commune or
-- were split among several, and no official shares exist, so split rows carry an estimate (method
-- 'area_estimate', from the approximate default map) until an official file replaces them ('official').

CREATE TABLE crosswalk (
    level      VARCHAR NOT NULL,   -- 'province' | 'commune'
    old_key    VARCHAR NOT NULL,   -- unit_key of the old era ("old:95", "old:31825")
    new_key    VARCHAR NOT NULL,   -- unit_key of the new era ("new:96")
    share      DOUBLE NOT NULL,    -- fraction of the old unit that lies in the new one (1.0 = whole)
    method     VARCHAR NOT NULL,   -- 'whole' | 'area_estimate' (split commune, share from default geometry) | 'official'
    is_default BOOLEAN NOT NULL,   -- the package's default successor of a split commune (true for whole rows)
    source     VARCHAR NOT NULL,
    loaded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (level, old_key, new_key)
);
