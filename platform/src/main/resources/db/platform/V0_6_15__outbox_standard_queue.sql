-- A fourth destination kind: a standard SQS queue (no group, no deduplication id), for events that are not about an
-- order, such as inventory's AvailableStockChanged (ADR 15).
alter table outbox_message drop constraint outbox_message_destination_kind_check;
alter table outbox_message add constraint outbox_message_destination_kind_check
    check (destination_kind in ('TOPIC', 'FIFO_QUEUE', 'EVENT_BUS', 'QUEUE'));
