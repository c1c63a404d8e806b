-- Coupled mode: an order whose payment request payment-service refused for good is cancelled (ADR 42, amended
-- 2026-12-06). A wider check only: the release before it writes no such reason.
alter table orders drop constraint orders_cancellation_reason_check;
alter table orders add constraint orders_cancellation_reason_check
    check (cancellation_reason in ('PAYMENT_DECLINED', 'OUT_OF_STOCK', 'FRAUD_SUSPECTED', 'PAYMENT_MISMATCH',
                                   'FULFILLMENT_FAILED', 'PAYMENT_REQUEST_REFUSED'));
