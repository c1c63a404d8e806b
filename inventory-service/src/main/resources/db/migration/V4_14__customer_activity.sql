-- The customer activity stream's consumer (docs/adr/0014-activity-stream-on-kinesis.md) and its read model.
-- V4_14, not V4: other features add V4, V5... in the same weeks; MigrationVersionsTest refuses a shared version.

-- Where the consumer is in each shard: the last record whose effect is committed, in the same transaction as that
-- effect. A restart reads AFTER_SEQUENCE_NUMBER this one: never from the start, never past a record not applied.
-- Sequence numbers are decimal strings of up to 128 digits: numeric compares them as numbers, so a checkpoint never
-- moves backwards (two instances reading one shard, a late transaction).
create table activity_checkpoint (
    stream_name     varchar(128) not null,
    shard_id        varchar(128) not null,
    sequence_number numeric(128) not null,
    shard_finished  boolean      not null default false,  -- closed by a reshard and read to its end
    updated_at      timestamptz  not null,
    primary key (stream_name, shard_id)
);

-- A record the consumer could not decode: kept, seen (securecart.activity.consumer.rejected) and skipped past in the
-- same transaction as its checkpoint. Kinesis has no dead-letter queue; this table is the consumer's.
create table activity_rejected_record (
    stream_name     varchar(128)  not null,
    shard_id        varchar(128)  not null,
    sequence_number numeric(128)  not null,
    data            bytea         not null,
    error           varchar(1000) not null,
    rejected_at     timestamptz   not null,
    primary key (stream_name, shard_id, sequence_number)
);

-- What each customer has shown interest in (viewed, put in a cart) and bought (shipped orders). Each flag turns true
-- once; that transition, and only it, counts in product_affinity, so a record read twice counts once.
create table customer_product_interest (
    customer_id varchar(255) not null,
    sku         varchar(64)  not null,
    interested  boolean      not null default false,
    bought      boolean      not null default false,
    primary key (customer_id, sku)
);
create index customer_product_interest_bought on customer_product_interest (customer_id) where bought;

-- "Customers who viewed or bought this also bought": for each product, how many distinct customers interested in it
-- (viewed, carted or bought) bought each other product.
create table product_affinity (
    sku             varchar(64) not null,
    also_bought_sku varchar(64) not null,
    customers       integer     not null,
    primary key (sku, also_bought_sku),
    constraint product_affinity_not_itself check (sku <> also_bought_sku),
    constraint product_affinity_customers_positive check (customers > 0)
);
create index product_affinity_ranking on product_affinity (sku, customers desc, also_bought_sku);
