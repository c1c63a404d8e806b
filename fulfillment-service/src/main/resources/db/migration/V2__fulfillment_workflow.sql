-- Fulfilment runs as a Step Functions execution per order (infra/statemachines/fulfillment.asl.json). This service
-- keeps what the workflow's steps decided: the order's fulfilment, its shipments (one per warehouse) and the outcome
-- of every task it answered, so that a redelivered task does its work once.

-- One per order, opened when its stock is reserved. STARTING until the execution is known to exist: a start that was
-- lost (the service died after the commit) is retried from this row, which is this service's outbox for StartExecution.
create table fulfillment (
    order_id        uuid primary key,
    customer_id     varchar(100) not null,
    status          varchar(20)  not null check (status in ('STARTING', 'RUNNING', 'SHIPPED', 'FAILED')),
    execution_arn   varchar(2048),
    tracking_number varchar(64),
    invoice_number  varchar(64),
    failure_error   varchar(256),
    failure_cause   varchar(2048),
    created_at      timestamptz  not null,
    completed_at    timestamptz,
    version         bigint       not null,
    constraint fulfillment_running_has_execution check (status = 'STARTING' or execution_arn is not null)
);

create index fulfillment_starting on fulfillment (created_at) where status = 'STARTING';

create table fulfillment_line (
    order_id    uuid           not null references fulfillment (order_id),
    line_number integer        not null,
    sku         varchar(64)    not null,
    quantity    integer        not null check (quantity > 0),
    unit_price  numeric(12, 2) not null,
    currency    varchar(3)     not null,
    primary key (order_id, line_number)
);

-- An order may now ship in several parcels, one per warehouse.
alter table shipment drop constraint shipment_order_id_unique;
alter table shipment add column warehouse varchar(32) not null default 'central';
alter table shipment alter column warehouse drop default;
alter table shipment add column label varchar(64);
alter table shipment add constraint shipment_order_warehouse_unique unique (order_id, warehouse);
alter table shipment drop constraint shipment_status_check;
alter table shipment add constraint shipment_status_check
    check (status in ('PICKING', 'PICKED', 'PACKED', 'SHIPPED', 'CANCELLED'));

-- The outcome of each task of an execution. task_key names the step and, inside the Map, the shipment
-- ("Pick/<shipmentId>"). A SUCCEEDED task is answered again with its recorded output, never done twice; a FAILED one
-- is answered again with its recorded error for the same task token, and tried again under a new token (a Retry).
create table fulfillment_task (
    order_id     uuid          not null references fulfillment (order_id),
    task_key     varchar(80)   not null,
    step         varchar(32)   not null,
    shipment_id  uuid,
    status       varchar(20)   not null check (status in ('SUCCEEDED', 'FAILED')),
    attempts     integer       not null,
    token_hash   varchar(64)   not null,
    output       text,
    error        varchar(256),
    cause        varchar(2048),
    started_at   timestamptz   not null,
    finished_at  timestamptz   not null,
    primary key (order_id, task_key)
);
