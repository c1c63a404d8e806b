-- Shared by every service (added to Flyway's locations by the platform): the transactional outbox and the inbox.

-- Events written in the same transaction as the state change they announce, published by the relay afterwards.
create table outbox_message (
    id               uuid primary key,             -- the event id; also the SQS dedup id for FIFO unless given
    destination_kind varchar(10)  not null check (destination_kind in ('TOPIC', 'FIFO_QUEUE')),
    destination      varchar(255) not null,        -- topic or queue name from infra/topology.json
    event_type       varchar(100) not null,
    payload          text         not null,
    group_id         varchar(128),                 -- FIFO message group id
    dedup_id         varchar(128),                 -- FIFO deduplication id
    created_at       timestamptz  not null default now(),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    last_error       varchar(1000),
    published_at     timestamptz
);

-- The relay only ever looks at what is still pending.
create index outbox_message_pending on outbox_message (next_attempt_at, created_at) where published_at is null;

-- Ids of the events a consumer has already applied, recorded in the transaction that applies them.
create table inbox_message (
    event_id    uuid         not null,
    consumer    varchar(100) not null,
    event_type  varchar(100) not null,
    received_at timestamptz  not null default now(),
    primary key (event_id, consumer)
);
