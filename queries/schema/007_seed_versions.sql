-- migration: 007_seed_versions
-- Why: `init` runs on every `make run`; it must not re-apply the seed documents each time (that reverted figures
-- staff had corrected by upload). A document is applied once per version: its version is the sha256 of its entry
-- in data/seeds/documents.yml (canonical JSON of the parsed entry, keys sorted) together with the sha256 of its
-- text in data/seeds/texts/, so any change to a figure, quote, title or text is a new version and nothing else
-- is. One row per application; the latest row of a document is the version the store holds.
CREATE SEQUENCE seed_version_id_seq START 1;
CREATE TABLE seed_versions (
    seed_version_id BIGINT PRIMARY KEY DEFAULT nextval('seed_version_id_seq'),
    source_ref      VARCHAR NOT NULL,   -- sources.source_ref of the document, e.g. "003_3675075fde1b5187"
    version         VARCHAR NOT NULL,   -- sha256 (hex) of the canonical entry and its text, see above
    applied_at      TIMESTAMP NOT NULL,
    rows_new        INTEGER NOT NULL,   -- figures the document added
    rows_revised    INTEGER NOT NULL,   -- figures of its own earlier version it revised
    rows_unchanged  INTEGER NOT NULL,
    rows_skipped    INTEGER NOT NULL    -- figures it did not apply: the current one came from an upload or another source
);
