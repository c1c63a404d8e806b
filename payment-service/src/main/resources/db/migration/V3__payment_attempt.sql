-- The payment feature: an order's charge is written down before the gateway is asked (ADR 42). The recording
-- transaction moves it from PENDING to the gateway's answer, with the payment; one still PENDING after
-- securecart.payment.attempts.resolve-after is asked again, with the same key, by the sweep (StuckPaymentAttempts).
create table payment_attempt (
    order_id        uuid          primary key,
    customer_id     varchar(255)  not null,
    idempotency_key varchar(255)  not null constraint payment_attempt_idempotency_key_unique unique,
    amount          numeric(12,2) not null check (amount >= 0),
    currency        varchar(3)    not null,
    order_to_charge text,                   -- the OrderPlaced (with its token and lines) while pending, then null
    status          varchar(20)   not null check (status in ('PENDING', 'AUTHORIZED', 'DECLINED')),
    created_at      timestamptz   not null,
    tried_at        timestamptz,            -- the sweep's last failed try: it goes to the back of the line
    resolved_at     timestamptz,
    version         bigint        not null,
    check ((status = 'PENDING') = (resolved_at is null)),
    check ((status = 'PENDING') = (order_to_charge is not null))
);

-- What the sweep and the deferred-work backlog read: the few attempts still pending, the oldest first.
create index payment_attempt_pending on payment_attempt (created_at) where status = 'PENDING';
