-- Profile pictures uploaded with POST /settings/avatar.
CREATE TABLE user_avatars (
    user_id      bigint PRIMARY KEY REFERENCES users (user_id),
    content_type text        NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
    content      bytea       NOT NULL,
    width        int         NOT NULL CHECK (width BETWEEN 1 AND 2048),
    height       int         NOT NULL CHECK (height BETWEEN 1 AND 2048),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE user_avatars IS 'At most one profile picture per user, checked by its magic bytes and header on upload.';
COMMENT ON COLUMN user_avatars.user_id IS 'User the picture belongs to.';
COMMENT ON COLUMN user_avatars.content_type IS 'Media type found from the file''s magic bytes (never the one the client claimed).';
COMMENT ON COLUMN user_avatars.content IS 'The uploaded bytes, at most 1 MiB.';
COMMENT ON COLUMN user_avatars.width IS 'Width in pixels, read from the image header.';
COMMENT ON COLUMN user_avatars.height IS 'Height in pixels, read from the image header.';
COMMENT ON COLUMN user_avatars.updated_at IS 'When the picture was uploaded (UTC).';
