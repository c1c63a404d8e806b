-- The issuer's authorizations (codes, access and refresh tokens of each sign-in or client), in PostgreSQL instead of
-- the server's memory, where they were kept for ever. Spring Authorization Server's schema
-- (oauth2-authorization-schema.sql) as its notes ask for PostgreSQL: text for blob, timestamptz for timestamp.
-- created_at is SecureCart's: JdbcOAuth2AuthorizationService names its columns, so the default fills it; the purge
-- (ExpiredAuthorizations) uses it for an authorization that never got a token.
create table oauth2_authorization (
    id varchar(100) not null primary key,
    registered_client_id varchar(100) not null,
    principal_name varchar(200) not null,
    authorization_grant_type varchar(100) not null,
    authorized_scopes varchar(1000),
    attributes text,
    state varchar(500),
    authorization_code_value text,
    authorization_code_issued_at timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata text,
    access_token_value text,
    access_token_issued_at timestamptz,
    access_token_expires_at timestamptz,
    access_token_metadata text,
    access_token_type varchar(100),
    access_token_scopes varchar(1000),
    oidc_id_token_value text,
    oidc_id_token_issued_at timestamptz,
    oidc_id_token_expires_at timestamptz,
    oidc_id_token_metadata text,
    refresh_token_value text,
    refresh_token_issued_at timestamptz,
    refresh_token_expires_at timestamptz,
    refresh_token_metadata text,
    user_code_value text,
    user_code_issued_at timestamptz,
    user_code_expires_at timestamptz,
    user_code_metadata text,
    device_code_value text,
    device_code_issued_at timestamptz,
    device_code_expires_at timestamptz,
    device_code_metadata text,
    created_at timestamptz not null default now()
);

-- Lookups by token value (refresh, revocation, introspection, sign-out's id_token_hint) and by state (the consent
-- step): equality only, and hash indexes, since a JWT can outgrow a btree entry. The purge reads the whole table
-- (its condition is an expression over every expiry), as rarely as every 10 minutes.
create index oauth2_authorization_state on oauth2_authorization using hash (state);
create index oauth2_authorization_code on oauth2_authorization using hash (authorization_code_value);
create index oauth2_authorization_access_token on oauth2_authorization using hash (access_token_value);
create index oauth2_authorization_refresh_token on oauth2_authorization using hash (refresh_token_value);
create index oauth2_authorization_id_token on oauth2_authorization using hash (oidc_id_token_value);
