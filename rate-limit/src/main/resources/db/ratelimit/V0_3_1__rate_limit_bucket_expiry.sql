-- ExpiredBucketsPruner deletes the buckets whose expires_at has passed, a batch at a time: without an index each
-- batch would read the whole table, which grows with every caller seen (every client address at the token endpoint).
create index rate_limit_bucket_expires_at on rate_limit_bucket (expires_at);
