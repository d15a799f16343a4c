-- TLS key pairs and certificates, shared by every node of the site. Rows are only added:
-- which certificate is served is the newest value of the setting tls.certificate (a
-- configuration event), or, before any import, the one self-signed certificate.

-- A private key made for a signing request (or for the self-signed certificate), sealed
-- with the site's master key (AES-GCM, bound to the key id), never stored in the clear.
CREATE TABLE tls_key (
    key_id      VARCHAR(64)  NOT NULL PRIMARY KEY, -- SHA-256 of the public key (hex)
    sealed_key  BYTEA        NOT NULL,
    names       VARCHAR(8192) NOT NULL,            -- the DNS names asked for, comma-separated
    csr_pem     TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- A certificate chain (PEM, the site's certificate first) for one of those keys.
CREATE TABLE tls_certificate (
    fingerprint VARCHAR(64)  NOT NULL PRIMARY KEY, -- SHA-256 of the site certificate (hex)
    key_id      VARCHAR(64)  NOT NULL REFERENCES tls_key (key_id),
    chain_pem   TEXT         NOT NULL,
    self_signed BOOLEAN      NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Two nodes starting together for the first time make one self-signed certificate between
-- them.
CREATE UNIQUE INDEX tls_certificate_one_self_signed ON tls_certificate (self_signed)
    WHERE self_signed;

CREATE TRIGGER tls_key_append_only BEFORE UPDATE OR DELETE ON tls_key
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER tls_certificate_append_only BEFORE UPDATE OR DELETE ON tls_certificate
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();

GRANT SELECT, INSERT ON tls_key, tls_certificate TO ${appRole};
