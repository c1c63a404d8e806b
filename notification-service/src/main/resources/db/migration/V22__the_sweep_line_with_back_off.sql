-- The sweep's line with each failed notice's back-off (V21): order notices before back-in-stock notices, each kind by
-- when its wait started counting (recorded, or last failed and backed off). Built concurrently, outside a transaction
-- (V22__...sql.conf), so the previous release keeps writing notifications meanwhile; notification_line (V19), which
-- the previous release's query reads, and notification_unsent (V18), which the release before it read, stay until no
-- instance of those runs.
-- No lock_timeout (docs/service-conventions.md): a concurrent build blocks no writes and only waits for the
-- transactions older than it; one that failed outside a transaction would be recorded as failed and stop every later
-- start until someone ran flyway repair. Set back to none because V19's set (outside a transaction, so for the
-- session) carries over to this script when one start runs both. An invalid index a killed start left behind is
-- dropped first.
set lock_timeout = 0;
drop index concurrently if exists notification_due;
create index concurrently notification_due on notification
    ((kind = 'BACK_IN_STOCK'), (coalesce(greatest(last_attempt_at, retry_from), created_at)))
    where sent_at is null;
