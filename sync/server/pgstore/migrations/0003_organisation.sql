-- The organisation's name for its store (server.Meta.Organisation): made
-- once, kept by backups and restores, so a device can tell another
-- organisation's server from its own one put back. Empty until the server
-- first starts on this version, which makes one.
ALTER TABLE gather_meta ADD COLUMN organisation text NOT NULL DEFAULT '';
