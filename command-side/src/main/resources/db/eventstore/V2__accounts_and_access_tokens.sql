-- Console accounts. The full identity work (LDAP, Kerberos, TOTP) comes later; this is the
-- local store with Argon2id hashes.
CREATE TABLE account (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'REP', 'AUDITOR')),
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);

-- Short-lived bearer tokens. Only a SHA-256 of each token is kept: the table alone lets no
-- one act as anybody.
CREATE TABLE access_token (
    token_hash  BYTEA        NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL CHECK (kind IN ('CUSTOMER', 'CONSOLE')),
    name        VARCHAR(256) NOT NULL,
    role        VARCHAR(16),
    lsid        CHAR(32)     NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX access_token_expiry ON access_token (expires_at);
