-- Issue 12: an order whose fulfillment workflow failed (FulfillmentFailed) is cancelled with its own reason.
-- Numbered after the issue so that other changes to this table's migrations do not take the same version.
alter table orders drop constraint orders_cancellation_reason_check;
alter table orders add constraint orders_cancellation_reason_check
    check (cancellation_reason in ('PAYMENT_DECLINED', 'OUT_OF_STOCK', 'FULFILLMENT_FAILED'));
