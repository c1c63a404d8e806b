-- The payment feature: an order's refund is written down before the gateway is asked (ADR 45), as its charge is
-- (payment_attempt, ADR 42). The recording transaction moves it from PENDING to REFUNDED, with the payment; one still
-- PENDING after securecart.payment.attempts.resolve-after (the gateway's open circuit refused its last receive, or
-- every recording failed) is asked again, with the same key and the same charge and amount, by the sweep
-- (StuckPaymentAttempts), and recorded with the compensation it was written for. A separate table, not a status of
-- the payment: every reader of payments sees an authorised payment until it is refunded, as before.
create table refund_attempt (
    order_id          uuid          primary key,
    payment_id        uuid          not null,
    customer_id       varchar(255)  not null,
    idempotency_key   varchar(255)  not null constraint refund_attempt_idempotency_key_unique unique,
    charge_reference  varchar(255)  not null,   -- the gateway's id of the charge to give back; never card data
    amount            numeric(12,2) not null check (amount >= 0),
    currency          varchar(3)    not null,
    reason            text          not null,   -- why it is refunded, as PaymentRefunded says it
    compensation_type varchar(100)  not null,   -- the eventType of the compensation that asked for it
    compensation      text          not null,   -- that event, as it arrived: its id is the sweep's inbox entry
    status            varchar(20)   not null
                      constraint refund_attempt_status check (status in ('PENDING', 'REFUNDED')),
    created_at        timestamptz   not null,
    tried_at          timestamptz,              -- the sweep's last failed try: it goes to the back of the line
    refunded_at       timestamptz,
    version           bigint        not null,
    constraint refund_attempt_refunded_once_recorded check ((status = 'REFUNDED') = (refunded_at is not null))
);

-- What the sweep and the deferred-work backlog read: the few refunds still pending, the oldest first.
create index refund_attempt_pending on refund_attempt (created_at) where status = 'PENDING';
