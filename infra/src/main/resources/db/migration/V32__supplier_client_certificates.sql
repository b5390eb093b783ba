-- Supplier mTLS: the client certificate (with its chain) and private key we present to a partner, and the CA we
-- trust for its server certificate (null: the JVM's default trust). PEM text, write-only through the admin API, kept
-- beside the supplier's other secrets. The certificate's subject, expiry and fingerprint are not secret: kept apart
-- so that the admin API can show them without reading (or, later, decrypting) the PEM.
ALTER TABLE supplier_secret
    ADD COLUMN client_certificate_pem     TEXT,
    ADD COLUMN client_key_pem             TEXT,
    ADD COLUMN trusted_ca_pem             TEXT,
    ADD COLUMN client_certificate_subject TEXT,
    ADD COLUMN client_certificate_expires TIMESTAMPTZ,
    ADD COLUMN client_certificate_sha256  TEXT,
    ADD CONSTRAINT supplier_secret_client_certificate_with_key
        CHECK ((client_certificate_pem IS NULL) = (client_key_pem IS NULL));
