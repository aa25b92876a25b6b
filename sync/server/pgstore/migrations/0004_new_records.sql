-- How many new records of a kind a venue device made on a UTC day
-- (server.NewRecords): its daily budget, shared by every process and
-- counted in the push's own transaction. One row per device and kind; a
-- new day replaces the row's count.
CREATE TABLE gather_new_records (
    device text    NOT NULL,
    kind   bytea   NOT NULL,
    day    bigint  NOT NULL,
    n      integer NOT NULL,
    PRIMARY KEY (device, kind)
);
