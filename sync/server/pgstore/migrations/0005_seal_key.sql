-- The seed of the server's key that seals the erasures it takes
-- (server.Meta.SealKey), hex: made once, kept by backups and restores,
-- shared by every process over this database. Empty until the server
-- first starts on this version, which makes one.
ALTER TABLE gather_meta ADD COLUMN seal_key text NOT NULL DEFAULT '';
