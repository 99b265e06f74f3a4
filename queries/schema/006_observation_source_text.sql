-- migration: 006_observation_source_text
-- Why: a return's own "Nguồn"/source column says where each figure comes from (a report, its number and date);
-- it is kept beside the upload record instead of being thrown away. NULL for seeds and for files without one.
ALTER TABLE observations ADD COLUMN source_text VARCHAR;
