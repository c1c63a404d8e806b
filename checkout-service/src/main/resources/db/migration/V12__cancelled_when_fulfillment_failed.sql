-- Issue 12: an order whose fulfillment workflow failed (FulfillmentFailed) is cancelled with its own reason.
-- Numbered after the issue so that other changes to this table's migrations do not take the same version; it lists
-- every reason other branches add to this constraint (issue 11: FRAUD_SUSPECTED, PAYMENT_MISMATCH), so the merge needs no edit.
alter table orders drop constraint orders_cancellation_reason_check;
alter table orders add constraint orders_cancellation_reason_check
    check (cancellation_reason in ('PAYMENT_DECLINED', 'OUT_OF_STOCK', 'FRAUD_SUSPECTED', 'PAYMENT_MISMATCH',
                                   'FULFILLMENT_FAILED'));
