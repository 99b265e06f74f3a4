-- migration: 005_indicator_crosswalk_rules
-- Why: views that carry history onto today's map need each indicator's rule in SQL
-- (the catalogue YAML stays the one source; bootstrap.sync_catalogue copies it here).
ALTER TABLE indicators ADD COLUMN crosswalk VARCHAR DEFAULT 'none';
ALTER TABLE indicators ADD COLUMN apportion_by_area BOOLEAN DEFAULT false;
