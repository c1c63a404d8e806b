-- An order whose authorised amount is not its total is cancelled (PAYMENT_MISMATCH) and the payment refunded.
alter table orders drop constraint orders_cancellation_reason_check;
alter table orders add constraint orders_cancellation_reason_check
    check (cancellation_reason in ('PAYMENT_DECLINED', 'OUT_OF_STOCK', 'FRAUD_SUSPECTED', 'PAYMENT_MISMATCH'));
