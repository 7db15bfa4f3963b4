-- The audit actions of personal access tokens (0060), described for reporting like every other action.
INSERT INTO reporting.audit_actions (action, description) VALUES
    ('access_token.created', 'A user created a personal access token (its secret is shown once, never stored).'),
    ('access_token.revoked', 'A personal access token was revoked; it no longer works.')
ON CONFLICT (action) DO NOTHING;
