-- High-value orders are screened for fraud before they are paid (issue 11): three more statuses, one more reason to
-- cancel, and a line of detail (a verdict's reasons) on timeline entries.
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check
    check (status in ('PLACED', 'SCREENING', 'UNDER_REVIEW', 'CLEARED', 'PAID', 'SHIPPED', 'CANCELLED'));
alter table orders drop constraint orders_cancellation_reason_check;
alter table orders add constraint orders_cancellation_reason_check
    check (cancellation_reason in ('PAYMENT_DECLINED', 'OUT_OF_STOCK', 'FRAUD_SUSPECTED'));
alter table order_timeline add column detail varchar(500);
