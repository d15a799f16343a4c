-- Identity: teams, a password that must be changed, lock-out and second factors.

-- A rep serves the queues of the teams named here (a team's queue has the team's name).
-- Reps made before teams existed served every queue; they keep the one queue every site has.
ALTER TABLE account ADD COLUMN teams VARCHAR(1024) NOT NULL DEFAULT '';
UPDATE account SET teams = 'general' WHERE role = 'REP';
-- A one-time password (the bootstrap admin's) must be replaced at the first sign-in.
ALTER TABLE account ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false;

-- The teams a console token's holder belongs to, as proven at sign-in.
ALTER TABLE access_token ADD COLUMN teams VARCHAR(1024) NOT NULL DEFAULT '';

-- Failed sign-ins per account (local or directory), for lock-out. Keyed by the lower-cased
-- name, so that "Alice" and "alice" count together.
CREATE TABLE login_failure (
    account      VARCHAR(256) NOT NULL PRIMARY KEY,
    failures     INTEGER      NOT NULL,
    last_at      TIMESTAMPTZ  NOT NULL,
    locked_until TIMESTAMPTZ
);

-- Time-based one-time password secrets (RFC 6238), per account name, lower-cased. The last
-- accepted time step makes every code usable once. A pending secret waits for its first code.
CREATE TABLE second_factor (
    account        VARCHAR(256) NOT NULL PRIMARY KEY,
    secret         VARCHAR(64),
    pending_secret VARCHAR(64),
    last_step      BIGINT,
    enrolled_at    TIMESTAMPTZ
);

GRANT SELECT, INSERT, UPDATE, DELETE ON login_failure, second_factor TO ${appRole};
