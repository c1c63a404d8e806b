-- A row the broker refuses for good (SQS and SNS say it is the sender's fault: the message itself, or a key or
-- permission only an operator can fix) is set aside after securecart.outbox.set-aside-after refusals, so its FIFO
-- group flows on behind it; an operator republishes or discards it (/api/admin/outbox, ADR 43). A set-aside row is
-- still unpublished: the outbox backlog and its alarm count it until then.
alter table outbox_message add column refusals int not null default 0;
alter table outbox_message add column set_aside_at timestamptz;
create index outbox_message_set_aside on outbox_message (seq) where set_aside_at is not null;
-- The relay reads past no set-aside row: its indexes leave them out (a refusal of every row could set thousands
-- aside, at the lowest seq). The backlog's index (outbox_message_pending, the metrics' query) still counts them.
create index outbox_message_due on outbox_message (seq) where published_at is null and set_aside_at is null;
drop index outbox_message_group_pending;
create index outbox_message_group_pending on outbox_message (destination, group_id, seq)
    where published_at is null and set_aside_at is null and group_id is not null;
