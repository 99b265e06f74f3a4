-- migration: 010_accounts
-- Why: who may do what (issue 15). Accounts bound to a unit (their scope, NULL = whole country) with a role;
-- passwords only as argon2 hashes; sign-in failures and sessions kept in the store so they survive a restart
-- and every server thread and process shares them; every write leaves an audit row naming the user.

CREATE TABLE users (
    username       VARCHAR PRIMARY KEY,
    display_name   VARCHAR NOT NULL DEFAULT '',
    email          VARCHAR,              -- an OIDC identity maps to its user by this (lower case)
    role           VARCHAR NOT NULL,     -- 'viewer' | 'data_entry' | 'approver' | 'admin'
    scope_key      VARCHAR,              -- a unit_key; NULL = the whole country
    password_hash  VARCHAR,              -- argon2; NULL = signs in only through the identity provider
    disabled       BOOLEAN NOT NULL DEFAULT false,
    source         VARCHAR NOT NULL DEFAULT 'local',
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    failures       INTEGER NOT NULL DEFAULT 0,   -- consecutive wrong passwords; reset by a success
    last_failure   TIMESTAMP,
    last_sign_in   TIMESTAMP
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
    token_sha256   VARCHAR PRIMARY KEY,  -- the cookie's token is never stored, only its hash
    username       VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);

CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    audit_id   BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    "at"       TIMESTAMP NOT NULL,      -- quoted: AT is a keyword
    username   VARCHAR,                  -- NULL = the system (seeds, first administrator)
    action     VARCHAR NOT NULL,         -- 'upload' | 'undo' | 'boundaries' | 'crosswalk' | 'user_add' | 'user_set' | 'sign_in'…
    unit_keys  VARCHAR[],
    upload_id  BIGINT,
    detail     VARCHAR
);
