-- migration: 003_boundaries
-- Why: the map draws every unit from this table. The default rows are estimated from commune centres
-- (approximate = true); an official file replaces the units it covers (approximate = false), and
-- `source` says which, so the map can be labelled honestly.

CREATE TABLE boundaries (
    era         VARCHAR NOT NULL,      -- "old" | "new"
    level       VARCHAR NOT NULL,      -- "province" | "district" | "commune"
    unit_key    VARCHAR NOT NULL,      -- units.unit_key, e.g. "new:96"
    geojson     VARCHAR NOT NULL,      -- geometry only, GeoJSON text in EPSG:4326, simplified for the web
    approximate BOOLEAN NOT NULL,      -- true for the estimated default map
    source      VARCHAR NOT NULL,      -- "Ước tính từ tâm xã ..." or "Chính thức: <file name>"
    loaded_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (era, level, unit_key)
);
