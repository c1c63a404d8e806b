-- The sweep takes order notices never tried before everything else, then back-in-stock notices and notices whose send
-- failed, longest waiting first (ADR 36, last amendment): a few order notices that keep failing no longer head every
-- round. This index serves that order as notification_unsent serves the previous release's. Built concurrently, outside
-- a transaction (V19__...sql.conf), so the previous release keeps writing notifications meanwhile; notification_unsent
-- stays until no instance of that release runs.
-- A build that failed (the lock timed out) leaves an invalid index behind: the retry drops it first.
set lock_timeout = '5s';
drop index concurrently if exists notification_line;
create index concurrently notification_line on notification
    ((kind = 'BACK_IN_STOCK' or last_attempt_at is not null), (coalesce(last_attempt_at, created_at)))
    where sent_at is null;
