-- One delivery per event and webhook, retried with exponential backoff, and every attempt of it.
CREATE TABLE webhook_deliveries (
    delivery_id      uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id         bigint      NOT NULL REFERENCES domain_events (event_id) ON DELETE CASCADE,
    integration_id   bigint      NOT NULL REFERENCES integrations (integration_id) ON DELETE CASCADE,
    tenant_id        bigint      NOT NULL REFERENCES tenants (tenant_id),
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_status_code int,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    UNIQUE (event_id, integration_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_integration_idx ON webhook_deliveries (integration_id, created_at DESC);
COMMENT ON TABLE webhook_deliveries IS 'Deliveries of events to webhooks: at least once, retried with exponential backoff up to a limit.';
COMMENT ON COLUMN webhook_deliveries.delivery_id IS 'Key of the delivery; sent as delivery_id and X-Tdmp-Delivery so receivers can drop duplicates.';
COMMENT ON COLUMN webhook_deliveries.event_id IS 'The event delivered.';
COMMENT ON COLUMN webhook_deliveries.integration_id IS 'The webhook it goes to.';
COMMENT ON COLUMN webhook_deliveries.tenant_id IS 'Tenant of the webhook and the event.';
COMMENT ON COLUMN webhook_deliveries.status IS 'pending (not yet acknowledged with a 2xx), delivered, or failed (gave up after the last attempt).';
COMMENT ON COLUMN webhook_deliveries.attempts IS 'Attempts made so far.';
COMMENT ON COLUMN webhook_deliveries.next_attempt_at IS 'When the next attempt is due (UTC); also the lease of the node sending it now.';
COMMENT ON COLUMN webhook_deliveries.last_status_code IS 'HTTP status of the latest attempt; null when no answer came.';
COMMENT ON COLUMN webhook_deliveries.last_error IS 'Why the latest attempt failed (connection refused, timed out, HTTP 500), never the response body.';
COMMENT ON COLUMN webhook_deliveries.created_at IS 'When the delivery was created (UTC).';
COMMENT ON COLUMN webhook_deliveries.completed_at IS 'When it was delivered or given up (UTC).';

CREATE TABLE webhook_delivery_attempts (
    attempt_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (delivery_id) ON DELETE CASCADE,
    attempt      int         NOT NULL,
    status_code  int,
    latency_ms   int         NOT NULL,
    error        text,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, attempt);
COMMENT ON TABLE webhook_delivery_attempts IS 'Every attempt to deliver a webhook: its answer and how long it took.';
COMMENT ON COLUMN webhook_delivery_attempts.attempt_id IS 'Key of the attempt.';
COMMENT ON COLUMN webhook_delivery_attempts.delivery_id IS 'The delivery attempted.';
COMMENT ON COLUMN webhook_delivery_attempts.attempt IS 'Number of the attempt, from 1.';
COMMENT ON COLUMN webhook_delivery_attempts.status_code IS 'HTTP status the receiver answered; null when it did not answer.';
COMMENT ON COLUMN webhook_delivery_attempts.latency_ms IS 'Milliseconds from sending to the answer (or the failure).';
COMMENT ON COLUMN webhook_delivery_attempts.error IS 'Why it failed, in words (never the response body); null on success.';
COMMENT ON COLUMN webhook_delivery_attempts.attempted_at IS 'When it was attempted (UTC).';
