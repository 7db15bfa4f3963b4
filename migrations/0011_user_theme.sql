-- The user's display preference, changed with PUT /settings.
ALTER TABLE users ADD COLUMN theme text NOT NULL DEFAULT 'system' CHECK (theme IN ('light', 'dark', 'system'));
COMMENT ON COLUMN users.theme IS 'Preferred colour theme of the web pages: light, dark or system (follow the browser).';
