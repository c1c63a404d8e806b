-- Publishing order per FIFO message group, and pruning.

-- A sequence taken when the row is inserted. created_at is now(), the *start* of the transaction: a transaction that
-- began earlier but wrote its event after another one committed would sort first. A row inserted after another
-- transaction committed always gets a higher seq, so causally ordered events of one group keep their order.
alter table outbox_message add column seq bigint generated always as identity;

drop index outbox_message_pending;
create index outbox_message_pending on outbox_message (seq) where published_at is null;
-- The head of each FIFO group: the relay publishes a group's rows one at a time, in seq order.
create index outbox_message_group_pending on outbox_message (destination, group_id, seq)
    where published_at is null and group_id is not null;
-- Pruning of published rows and old inbox rows after the retention (see docs/reliability.md).
create index outbox_message_published on outbox_message (published_at) where published_at is not null;
create index inbox_message_received on inbox_message (received_at);
