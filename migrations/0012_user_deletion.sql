-- Deleted accounts stay as anonymised rows so that audit rows keep pointing at them.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
COMMENT ON COLUMN users.deleted_at IS 'When the user deleted the account (UTC): the row is then inactive and anonymised and cannot be reactivated; null otherwise.';
