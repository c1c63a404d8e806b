-- A notification is recorded in the transaction that applies its event and sent after that transaction commits, one
-- at a time: sent_at says it reached the channel. One StockLevelChanged tells many customers, and a send that fails
-- is retried for that customer alone, by the sweep, instead of rolling back (and repeating) everyone's.
alter table notification add column sent_at timestamptz;
-- Every earlier row was sent inside its transaction.
update notification set sent_at = created_at;
-- The sweep's work: the unsent, oldest first.
create index notification_unsent on notification (created_at) where sent_at is null;
