-- A third destination kind: an EventBridge bus (PutEvents). For EVENT_BUS rows, group_id holds the event's source
-- (e.g. securecart.checkout) and the id is derived from the event id, since the same event may also go to a queue.
alter table outbox_message drop constraint outbox_message_destination_kind_check;
alter table outbox_message add constraint outbox_message_destination_kind_check
    check (destination_kind in ('TOPIC', 'FIFO_QUEUE', 'EVENT_BUS'));
