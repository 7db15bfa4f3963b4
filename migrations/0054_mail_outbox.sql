-- E-mails waiting to be sent over SMTP, queued in the transaction of the change that causes them.
CREATE TABLE mail_outbox (
    mail_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       bigint      REFERENCES tenants (tenant_id),
    user_id         bigint      REFERENCES users (user_id),
    kind            text        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
COMMENT ON TABLE mail_outbox IS 'Outbox of e-mails (invitations, notifications) the mail job sends over SMTP, retried on failure.';
COMMENT ON COLUMN mail_outbox.mail_id IS 'Key of the mail.';
COMMENT ON COLUMN mail_outbox.tenant_id IS 'Tenant of the recipient, when known.';
COMMENT ON COLUMN mail_outbox.user_id IS 'Recipient user, when known.';
COMMENT ON COLUMN mail_outbox.kind IS 'What the mail is: invitation, or the notification event (dataset.completed, ...).';
COMMENT ON COLUMN mail_outbox.recipient IS 'E-mail address it goes to.';
COMMENT ON COLUMN mail_outbox.subject IS 'Subject line.';
COMMENT ON COLUMN mail_outbox.body IS 'Plain-text body; an invitation''s carries its one-time setup link until it is sent (then it is blanked), so the table is for the service role only.';
COMMENT ON COLUMN mail_outbox.status IS 'pending, sent, or failed (gave up after the last attempt).';
COMMENT ON COLUMN mail_outbox.attempts IS 'Attempts to send it so far.';
COMMENT ON COLUMN mail_outbox.next_attempt_at IS 'When the next attempt is due (UTC); also the lease of the node sending it now.';
COMMENT ON COLUMN mail_outbox.last_error IS 'Why the latest attempt failed.';
COMMENT ON COLUMN mail_outbox.created_at IS 'When it was queued (UTC).';
COMMENT ON COLUMN mail_outbox.sent_at IS 'When the SMTP server accepted it (UTC).';
