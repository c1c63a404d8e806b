-- An order whose owed invoice or warehouse release failed goes to the back of its sweep's line: ordered by when it was
-- last tried, so that orders the warehouse keeps refusing cannot fill every round and keep newer ones from being tried
-- (as notification's unsent notifications, V16 there).
alter table fulfillment add column owed_work_attempted_at timestamptz;

drop index fulfillment_owing_invoice;
create index fulfillment_owing_invoice on fulfillment ((coalesce(owed_work_attempted_at, completed_at)))
    where status = 'SHIPPED' and invoice_number is null;

drop index fulfillment_owing_release;
create index fulfillment_owing_release on fulfillment ((coalesce(owed_work_attempted_at, completed_at)))
    where status = 'FAILED' and warehouse_released_at is null;
