-- The personal access token actions (issue 15) described for reporting like every other audit action.
INSERT INTO reporting.audit_actions (action, description) VALUES
    ('access_token.created', 'A user created a personal access token (its secret is shown once, never stored in clear).'),
    ('access_token.revoked', 'A personal access token was revoked; requests with it are refused from then on.')
ON CONFLICT (action) DO NOTHING;
