-- Idempotency-Key on the create endpoints: the first request with a key inserts its row and holds it (uncommitted) while
-- it runs, so a second request with the same key, on any node, waits on the unique key and then answers the stored response.
CREATE TABLE idempotency_keys (
    user_id          bigint      NOT NULL REFERENCES users (user_id),
    idempotency_key  text        NOT NULL,
    request_hash     text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    status_code      integer     NOT NULL,
    content_type     text,
    location         text,
    response_body    bytea       NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
COMMENT ON TABLE idempotency_keys IS 'The first successful response to each Idempotency-Key of a user, answered again to retries for 24 hours; older rows are removed hourly.';
COMMENT ON COLUMN idempotency_keys.user_id IS 'User who sent the key: keys of different users never meet.';
COMMENT ON COLUMN idempotency_keys.idempotency_key IS 'The Idempotency-Key header as sent (1 to 255 characters).';
COMMENT ON COLUMN idempotency_keys.request_hash IS 'SHA-256 (hex) of method, path and body (multipart: its fields and files, not the boundary); the same key with another hash is refused with 422.';
COMMENT ON COLUMN idempotency_keys.created_at IS 'When the first request with the key arrived (UTC); the key is remembered for 24 hours from then.';
COMMENT ON COLUMN idempotency_keys.status_code IS 'HTTP status of the first response (a 2xx: failures are not remembered, so a retry runs again).';
COMMENT ON COLUMN idempotency_keys.content_type IS 'Content-Type of the first response.';
COMMENT ON COLUMN idempotency_keys.location IS 'Location header of the first response (201 Created), if any.';
COMMENT ON COLUMN idempotency_keys.response_body IS 'Body of the first response, answered again byte for byte.';
