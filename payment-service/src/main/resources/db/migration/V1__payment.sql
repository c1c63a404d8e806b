-- One payment per order: the unique order_id is what makes a concurrent duplicate delivery lose.
create table payment (
    id                uuid          primary key,
    order_id          uuid          not null constraint payment_order_id_unique unique,
    customer_id       varchar(255)  not null,
    amount            numeric(12,2) not null check (amount >= 0),
    currency          varchar(3)    not null,
    status            varchar(20)   not null check (status in ('AUTHORIZED', 'DECLINED', 'REFUNDED')),
    decline_reason    varchar(255),          -- the gateway's decline code; never card data
    gateway_reference varchar(255),          -- the gateway's id of the charge, to refund it
    created_at        timestamptz   not null,
    updated_at        timestamptz   not null,
    version           bigint        not null
);
