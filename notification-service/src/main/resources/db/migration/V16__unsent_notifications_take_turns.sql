-- A notification whose send failed goes to the back of the sweep's line: ordered by when it was last tried, so that
-- notifications the channel keeps refusing cannot fill every round and keep newer ones from being tried.
alter table notification add column last_attempt_at timestamptz;
drop index notification_unsent;
create index notification_unsent on notification ((coalesce(last_attempt_at, created_at))) where sent_at is null;
