-- ADR 44: checkout cancels an order whose payment it rejected, and fulfillment stops its fulfilment, or never starts
-- it: CANCELLED. Its parcels that have not left are cancelled, the warehouse is told as after a compensation, and
-- nothing is announced (checkout's PaymentRejected already told everyone). One that arrives before StockReserved is
-- kept as a CANCELLED fulfilment with no execution, so that StockReserved starts nothing.
alter table fulfillment drop constraint fulfillment_status_check;
alter table fulfillment add constraint fulfillment_status_check
    check (status in ('STARTING', 'RUNNING', 'SHIPPED', 'FAILED', 'CANCELLED'));

alter table fulfillment drop constraint fulfillment_running_has_execution;
alter table fulfillment add constraint fulfillment_running_has_execution
    check (status in ('STARTING', 'CANCELLED') or execution_arn is not null);

drop index fulfillment_owing_release;
create index fulfillment_owing_release on fulfillment ((coalesce(owed_work_attempted_at, completed_at)))
    where status in ('FAILED', 'CANCELLED') and warehouse_released_at is null;
