-- What each customer was told, one row per customer-facing event: the unique event id backs up the inbox, in the
-- same transaction, so that no event is ever notified twice.
create table notification (
    id          uuid primary key,
    event_id    uuid         not null,
    order_id    uuid         not null,
    customer_id varchar(100) not null,
    kind        varchar(30)  not null
        check (kind in ('ORDER_SHIPPED', 'PAYMENT_DECLINED', 'ORDER_CANCELLED_REFUNDED')),
    message     varchar(500) not null,
    created_at  timestamptz  not null,
    constraint notification_event_id_unique unique (event_id)
);

-- GET /api/notifications?orderId= and ?customerId=, oldest first.
create index notification_by_order on notification (order_id, created_at);
create index notification_by_customer on notification (customer_id, created_at);
