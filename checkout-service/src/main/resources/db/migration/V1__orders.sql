-- Orders, their lines and timelines, and the idempotency keys that placed them.

create table orders (
    id                  uuid          primary key,
    customer_id         varchar(64)   not null,
    status              varchar(16)   not null check (status in ('PLACED', 'PAID', 'SHIPPED', 'CANCELLED')),
    cancellation_reason varchar(32)   check (cancellation_reason in ('PAYMENT_DECLINED', 'OUT_OF_STOCK')),
    total               numeric(12,2) not null check (total >= 0),
    currency            varchar(3)    not null,
    created_at          timestamptz   not null,
    version             bigint        not null,
    check ((status = 'CANCELLED') = (cancellation_reason is not null))
);

-- GET /api/orders?customerId=..., newest first.
create index orders_by_customer on orders (customer_id, created_at desc);

create table order_line (
    order_id   uuid          not null references orders (id),
    line_no    integer       not null,
    sku        varchar(64)   not null,
    quantity   integer       not null check (quantity between 1 and 100),
    unit_price numeric(12,2) not null check (unit_price >= 0),
    primary key (order_id, line_no)
);

-- Every event of an order, each once; entry_no is the order of arrival.
create table order_timeline (
    order_id    uuid         not null references orders (id),
    entry_no    integer      not null,
    event_id    uuid         not null,
    event_type  varchar(100) not null,
    occurred_at timestamptz  not null,
    recorded_at timestamptz  not null,
    primary key (order_id, entry_no),
    unique (order_id, event_id)
);

-- A key is claimed before its order is written, in the same transaction: the foreign key is checked at commit.
create table idempotency_key (
    key                 varchar(100) primary key,
    request_fingerprint varchar(64)  not null,  -- SHA-256 (hex) of the canonical request
    order_id            uuid         not null references orders (id) deferrable initially deferred,
    created_at          timestamptz  not null
);
