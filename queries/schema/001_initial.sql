-- migration: 001_initial
-- Why: the store keeps every figure with what was said ("trên 90%", ranges, "dự kiến")
-- and where it came from; revisions supersede rows instead of overwriting them.

CREATE TABLE units (
    unit_key    VARCHAR PRIMARY KEY,   -- "<era>:<code>", e.g. "old:95", "new:96": GSO codes repeat across eras
    code        VARCHAR NOT NULL,      -- GSO code: 2 digits province, 3 district, 5 commune
    era         VARCHAR NOT NULL,      -- "old" (before 1 July 2025) or "new" (from 1 July 2025)
    level       VARCHAR NOT NULL,      -- "province" | "district" | "commune"
    name        VARCHAR NOT NULL,      -- full NFC name, e.g. "Tỉnh Bạc Liêu"
    short_name  VARCHAR NOT NULL,      -- "Bạc Liêu"
    name_key    VARCHAR NOT NULL,      -- folded key of short_name for lookups ("baclieu")
    unit_type   VARCHAR,               -- "Tỉnh", "Thành phố", "Huyện", "Xã", "Phường"...
    parent_key  VARCHAR,
    province_key VARCHAR NOT NULL,     -- the province of this unit in its era (itself for provinces)
    valid_from  DATE,
    valid_to    DATE,
    lat         DOUBLE,
    lon         DOUBLE,
    area_km2    DOUBLE
);

CREATE TABLE indicators (
    code             VARCHAR PRIMARY KEY,
    name_vi          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    topic            VARCHAR NOT NULL,
    measure          VARCHAR NOT NULL,   -- unit of measure code from data/catalogue/measures.yml
    kind             VARCHAR NOT NULL,   -- "count" | "percent" | "ratio"
    aggregation      VARCHAR NOT NULL,   -- "sum" | "ratio" | "weighted_mean" | "none"
    higher_is_better BOOLEAN NOT NULL
);

CREATE SEQUENCE source_id_seq START 1;
CREATE TABLE sources (
    source_id         BIGINT PRIMARY KEY DEFAULT nextval('source_id_seq'),
    source_ref        VARCHAR UNIQUE,     -- stable name, e.g. seed document id "003_3675075fde1b5187"
    kind              VARCHAR NOT NULL,   -- "document" | "upload" | "manual"
    title             VARCHAR,
    publisher         VARCHAR,
    author            VARCHAR,
    published_on      DATE,
    date_approximate  BOOLEAN NOT NULL DEFAULT false,
    file_name         VARCHAR,
    sha256            VARCHAR,
    note              VARCHAR,
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE obs_id_seq START 1;
-- No key index on purpose: bulk loads stay fast and revisions update rows in place safely.
CREATE TABLE observations (
    obs_id             BIGINT NOT NULL DEFAULT nextval('obs_id_seq'),
    unit_key           VARCHAR NOT NULL,
    indicator_code     VARCHAR NOT NULL,
    period             VARCHAR NOT NULL,   -- canonical text: 2018, 2023-H1, 2023-Q2, 2023-05, 2020-09-30
    period_kind        VARCHAR NOT NULL,
    period_start       DATE NOT NULL,
    period_end         DATE NOT NULL,
    period_approximate BOOLEAN NOT NULL DEFAULT false,  -- year inferred from the text, not stated
    value              DOUBLE,             -- NULL for a range
    numerator          DOUBLE,
    denominator        DOUBLE,
    value_low          DOUBLE,
    value_high         DOUBLE,
    qualifier          VARCHAR NOT NULL DEFAULT '=',
    status             VARCHAR NOT NULL DEFAULT 'actual',
    raw_text           VARCHAR,            -- the value exactly as written
    quote              VARCHAR,            -- the source sentence, for documents
    note               VARCHAR,
    source_id          BIGINT,
    upload_id          BIGINT,
    recorded_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by        VARCHAR,
    superseded_at      TIMESTAMP,          -- set when a revision replaces this row; NULL = current
    superseded_by      BIGINT
);
