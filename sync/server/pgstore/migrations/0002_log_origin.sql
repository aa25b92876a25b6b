-- No echo (issue 13): each log entry names the opening of a device's store
-- that pushed the whole of its state, so that store's pulls leave it out.
-- Empty for entries nobody is known to hold, and for every entry made
-- before this version.
ALTER TABLE gather_log ADD COLUMN origin bytea NOT NULL DEFAULT ''::bytea;
