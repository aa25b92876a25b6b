-- Gather's server schema, version 1. Keys that come from devices (kinds,
-- ids, venues) are bytea: compared byte by byte, like the Badger store's
-- keys, whatever the database's collation, and free of text's limits.

-- The server's own state, one row, locked by every update until COMMIT.
CREATE TABLE gather_meta (
    id               smallint PRIMARY KEY CHECK (id = 1),
    seq              bigint NOT NULL DEFAULT 0,
    epoch            text   NOT NULL DEFAULT '',
    hlc              text   NOT NULL DEFAULT '',
    admin_token_hash bytea
);
INSERT INTO gather_meta (id) VALUES (1);

-- Each record's merged state, under its latest commit sequence.
CREATE TABLE gather_entities (
    kind  bytea  NOT NULL,
    id    bytea  NOT NULL,
    seq   bigint NOT NULL,
    state bytea  NOT NULL,
    PRIMARY KEY (kind, id)
);

-- The log: one entry per record, at its latest commit sequence.
CREATE TABLE gather_log (
    seq      bigint   PRIMARY KEY,
    kind     bytea    NOT NULL,
    id       bytea    NOT NULL,
    audience smallint NOT NULL,
    venue    bytea    NOT NULL,
    state    bytea    NOT NULL
);

-- Which venues' pulls a log entry concerns ('' = every venue).
CREATE TABLE gather_log_venues (
    venue bytea  NOT NULL,
    seq   bigint NOT NULL,
    PRIMARY KEY (venue, seq)
);
CREATE INDEX gather_log_venues_seq ON gather_log_venues (seq);

-- A person takes part at a venue (an enrolment or a mark).
CREATE TABLE gather_links (
    person bytea NOT NULL,
    venue  bytea NOT NULL,
    PRIMARY KEY (person, venue)
);

-- Enrolled devices. The times are columns of their own so a pull can note
-- them without rewriting the record.
CREATE TABLE gather_devices (
    id          text   PRIMARY KEY,
    token_hash  text   NOT NULL DEFAULT '',
    record      jsonb  NOT NULL,
    last_seen   bigint NOT NULL DEFAULT 0,
    last_synced bigint NOT NULL DEFAULT 0
);
CREATE INDEX gather_devices_token ON gather_devices (token_hash);

-- One-time enrolment codes, under their sha256.
CREATE TABLE gather_codes (
    hash   bytea PRIMARY KEY,
    record jsonb NOT NULL
);

-- Wrong enrolment codes by client, shared by every process.
CREATE TABLE gather_enrol_failures (
    key      text    PRIMARY KEY,
    start_ms bigint  NOT NULL,
    n        integer NOT NULL
);
