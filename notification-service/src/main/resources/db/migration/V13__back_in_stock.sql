-- "Notify me when this SKU is back in stock" (ADR 15): one request per customer and product, re-armed when the
-- customer asks again after being told. A back-in-stock notification is about a product, not an order, and one
-- StockLevelChanged notifies every customer who asked: one row per event and customer.
create table back_in_stock_request (
    id           uuid primary key,
    customer_id  varchar(100) not null,
    sku          varchar(64)  not null,
    requested_at timestamptz  not null,
    notified_at  timestamptz,
    notified_by  uuid,                   -- the StockLevelChanged that told the customer
    constraint back_in_stock_request_one_per_customer_and_sku unique (customer_id, sku)
);
-- The customers waiting for a product, when it comes back.
create index back_in_stock_request_waiting on back_in_stock_request (sku) where notified_at is null;

alter table notification alter column order_id drop not null;
alter table notification drop constraint notification_event_id_unique;
alter table notification add constraint notification_event_id_customer_unique unique (event_id, customer_id);
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check
    check (kind in ('ORDER_SHIPPED', 'PAYMENT_DECLINED', 'ORDER_CANCELLED_REFUNDED', 'ORDER_CANCELLED_NOT_CHARGED',
                    'BACK_IN_STOCK'));
