-- The sweep's line with each failed notice's back-off (V21): order notices before back-in-stock notices, each kind by
-- when its wait started counting (recorded, or last failed and backed off). Built concurrently, outside a transaction
-- (V22__...sql.conf), so the previous release keeps writing notifications meanwhile; notification_unsent (V18), which
-- that release's query reads, and notification_line (V19), which no release reads, stay until no instance of it runs.
-- A build that failed (the lock timed out) leaves an invalid index behind: the retry drops it first.
set lock_timeout = '5s';
drop index concurrently if exists notification_due;
create index concurrently notification_due on notification
    ((kind = 'BACK_IN_STOCK'), (coalesce(greatest(last_attempt_at, retry_from), created_at)))
    where sent_at is null;
