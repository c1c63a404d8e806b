-- bucket4j's token buckets (io.securecart.ratelimit.RateLimiter): one row per rule and caller ("orders:alice",
-- "token:203.0.113.7"), locked with SELECT ... FOR UPDATE while a request takes a token, so that every instance of a
-- service shares the caller's limit. expires_at (epoch millis) is when the bucket would be full again.
create table rate_limit_bucket (
    id         varchar(255) primary key,
    state      bytea,
    expires_at bigint
);
