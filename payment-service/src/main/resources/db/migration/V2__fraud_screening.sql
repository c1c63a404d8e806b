-- High-value orders are screened for fraud before payment takes any money (issue 11, ADR 3).

-- The fraud-screening feature: one screening per high-value order, with its score, reasons and review.
create table fraud_screening (
    order_id    uuid          primary key,
    customer_id varchar(255)  not null,
    total       numeric(12,2) not null check (total >= 0),
    currency    varchar(3)    not null,
    placed_at   timestamptz   not null,
    score       integer       not null,
    reasons     varchar(2000) not null,        -- one per line, in words
    status      varchar(20)   not null
        check (status in ('PASSED', 'FAILED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'TIMED_OUT')),
    decide_by   timestamptz,                   -- a review still pending then is rejected
    decided_by  varchar(100),                  -- rules, reviewer:<name> or review-timeout
    decided_at  timestamptz,
    screened_at timestamptz   not null,
    version     bigint        not null,
    check ((status = 'UNDER_REVIEW') = (decided_at is null))
);

-- The customer's recent and earlier high-value orders (velocity and first-order rules).
create index fraud_screening_by_customer on fraud_screening (customer_id, placed_at);
-- The reviews that wait, the most urgent first.
create index fraud_screening_pending on fraud_screening (decide_by) where status = 'UNDER_REVIEW';

-- The payment feature: a high-value order waits here for its verdict, which may arrive before or after it.
create table payment_hold (
    order_id    uuid         primary key,
    customer_id varchar(255) not null,
    held_order  text,                          -- the OrderPlaced (with its token) until released, then null
    verdict     varchar(10)  check (verdict in ('PASSED', 'FAILED')),
    verdict_by  varchar(100),
    created_at  timestamptz  not null,
    released_at timestamptz,
    version     bigint       not null,
    check (released_at is null or held_order is null)
);
