-- The token signing key and the Data Protection key ring are stored encrypted with the key file (DataProtection:KeyFile),
-- which lives outside the database (README: What an operator keeps secret). Only the comments change here: the service
-- encrypts an older plaintext signing key in place on start.
COMMENT ON COLUMN service_secrets.value IS 'The secret, encrypted with the service''s key file: keyfile:<base64 of AES-256-GCM nonce, tag, ciphertext>.';
COMMENT ON COLUMN data_protection_keys.xml IS 'The key (or revocation) element as Data Protection writes it; key material inside an encryptedKey element, encrypted with the key file.';
