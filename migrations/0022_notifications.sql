-- In-app notifications and each user's choice of channels per event.
CREATE TABLE notifications (
    notification_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       bigint      NOT NULL REFERENCES tenants (tenant_id),
    user_id         bigint      NOT NULL REFERENCES users (user_id),
    event           text        NOT NULL,
    title           text        NOT NULL,
    body            text,
    project_id      bigint      REFERENCES projects (project_id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, notification_id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
COMMENT ON TABLE notifications IS 'Messages shown to one user in the app: dataset and export results, project membership, role changes.';
COMMENT ON COLUMN notifications.notification_id IS 'Key of the notification.';
COMMENT ON COLUMN notifications.tenant_id IS 'Tenant of the recipient.';
COMMENT ON COLUMN notifications.user_id IS 'Recipient; only this user can list, read or delete it.';
COMMENT ON COLUMN notifications.event IS 'What happened: dataset.completed, dataset.failed, export.completed, export.failed, project.member_added, user.role_changed.';
COMMENT ON COLUMN notifications.title IS 'One-line text shown in the list.';
COMMENT ON COLUMN notifications.body IS 'Longer text, optional.';
COMMENT ON COLUMN notifications.project_id IS 'Project it concerns, when any; null once the project is deleted.';
COMMENT ON COLUMN notifications.created_at IS 'When it was created (UTC).';
COMMENT ON COLUMN notifications.read_at IS 'When the recipient marked it read (UTC); null while unread.';

CREATE TABLE notification_preferences (
    user_id    bigint      NOT NULL REFERENCES users (user_id),
    event      text        NOT NULL,
    in_app     boolean     NOT NULL DEFAULT true,
    email      boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, event)
);
COMMENT ON TABLE notification_preferences IS 'Per user and event, which channels deliver notifications; an absent row means in_app on and email off.';
COMMENT ON COLUMN notification_preferences.user_id IS 'The user whose choice it is.';
COMMENT ON COLUMN notification_preferences.event IS 'The event, as in notifications.event.';
COMMENT ON COLUMN notification_preferences.in_app IS 'Whether the event creates a notification row (GET /notifications).';
COMMENT ON COLUMN notification_preferences.email IS 'Whether the event is also e-mailed, where mail is configured.';
COMMENT ON COLUMN notification_preferences.updated_at IS 'When the user last changed this choice (UTC).';
