-- ADR 39: once the compensation committed, the warehouse and the carrier are told to call off what they hold for the
-- failed order (picks, the consignment, labels); warehouse_released_at records that they were, and WarehouseReleases
-- sweeps the failed orders still owing it.
alter table fulfillment add column warehouse_released_at timestamptz;

-- Orders that failed before: the warehouse kept nothing for them then, so nothing is owed.
update fulfillment set warehouse_released_at = completed_at where status = 'FAILED';

create index fulfillment_owing_release on fulfillment (completed_at)
    where status = 'FAILED' and warehouse_released_at is null;
