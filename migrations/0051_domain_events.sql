-- The outbox of domain events: written in the same transaction as the change, so an event exists exactly when
-- its change does; the webhook dispatcher fans each one out to the tenant's subscribed webhooks.
CREATE TABLE domain_events (
    event_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     bigint      NOT NULL REFERENCES tenants (tenant_id),
    event         text        NOT NULL,
    data          jsonb       NOT NULL,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    dispatched_at timestamptz
);
CREATE INDEX domain_events_pending_idx ON domain_events (event_id) WHERE dispatched_at IS NULL;
COMMENT ON TABLE domain_events IS 'Outbox of events for webhooks (dataset.completed, dataset.failed, schema.uploaded, project.created), written with the change itself.';
COMMENT ON COLUMN domain_events.event_id IS 'Key of the event, in the order the events happened.';
COMMENT ON COLUMN domain_events.tenant_id IS 'Tenant the event belongs to; only its webhooks receive it.';
COMMENT ON COLUMN domain_events.event IS 'Event name, e.g. dataset.completed.';
COMMENT ON COLUMN domain_events.data IS 'The event''s payload, sent as data in the webhook body.';
COMMENT ON COLUMN domain_events.occurred_at IS 'When the change happened (UTC).';
COMMENT ON COLUMN domain_events.dispatched_at IS 'When deliveries to the subscribed webhooks were created (UTC); null while pending.';
