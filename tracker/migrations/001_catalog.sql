-- The domain vocabulary. Contents are synced from warehouse/catalog/*.csv on every migrate.
CREATE TABLE indicators (
    code VARCHAR NOT NULL, name_zh VARCHAR, name_en VARCHAR, unit VARCHAR, kind VARCHAR,
    "cluster" VARCHAR, aliases_zh VARCHAR, notes VARCHAR
);
CREATE TABLE measures (
    code VARCHAR NOT NULL, name_zh VARCHAR, name_en VARCHAR, unit VARCHAR, cues_zh VARCHAR,
    notes VARCHAR
);
CREATE TABLE regions (
    code VARCHAR NOT NULL, name_zh VARCHAR, name_en VARCHAR, level VARCHAR, parent VARCHAR
);
CREATE TABLE clusters (
    code VARCHAR NOT NULL, "group" VARCHAR, name_zh VARCHAR, name_en VARCHAR
);
CREATE TABLE units (
    unit_as_published VARCHAR NOT NULL, base_unit VARCHAR NOT NULL, factor DOUBLE NOT NULL,
    note VARCHAR
);
CREATE TABLE scales (
    word VARCHAR NOT NULL, factor DOUBLE NOT NULL, display_zh VARCHAR, display_en VARCHAR
);
