-- A shipment per order, taken through the warehouse step by step. The status is the last step that completed, so a
-- retry resumes after it; the version guards against two deliveries of the same event updating it at once.
create table shipment (
    id              uuid primary key,
    order_id        uuid         not null,
    customer_id     varchar(100) not null,
    status          varchar(20)  not null check (status in ('PICKING', 'PICKED', 'PACKED', 'SHIPPED')),
    tracking_number varchar(64),
    created_at      timestamptz  not null,
    shipped_at      timestamptz,
    version         bigint       not null,
    -- One shipment per order, however often its StockReserved is delivered.
    constraint shipment_order_id_unique unique (order_id),
    constraint shipment_shipped_has_tracking check (status <> 'SHIPPED'
        or (tracking_number is not null and shipped_at is not null))
);

-- What to ship, as sold: OrderShipped carries the order's lines, prices included.
create table shipment_line (
    shipment_id uuid          not null references shipment (id),
    line_number integer       not null,
    sku         varchar(64)   not null,
    quantity    integer       not null check (quantity > 0),
    unit_price  numeric(12, 2) not null,
    currency    varchar(3)    not null,
    primary key (shipment_id, line_number)
);
