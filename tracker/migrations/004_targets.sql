-- Policy targets with the same provenance as figures; a revised plan's target names the one it
-- supersedes and both stay on record.
CREATE TABLE targets (
    target_id VARCHAR NOT NULL,
    release_id VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    "cluster" VARCHAR,
    measure VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,              -- level_by | avg_growth | growth_in_year
    comparator VARCHAR NOT NULL,        -- at_least | over | about | at_most
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    value_as_published DOUBLE,
    unit_as_published VARCHAR,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    plan_title VARCHAR NOT NULL,
    doc_number VARCHAR,
    publisher VARCHAR NOT NULL,
    issued DATE NOT NULL,
    issued_approximate BOOLEAN NOT NULL,
    url VARCHAR,
    grade VARCHAR,
    draft BOOLEAN NOT NULL,
    supersedes VARCHAR,
    phrase VARCHAR,
    locator VARCHAR NOT NULL,
    run_id VARCHAR
);
