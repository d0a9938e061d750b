-- Sessions are stored by the SHA-256 of the id the cookie carries, as API tokens are:
-- a copy of this table (a backup, a leaked dump) signs nobody in. Existing sessions are
-- hashed in place, so nobody is signed out by the upgrade.
UPDATE "sessions" SET "id" = encode(sha256(convert_to("id", 'UTF8')), 'hex');
