-- Orders checkout cancelled after their payment (PaymentRejected, ADR 44). A payment may reach inventory after its
-- cancellation (SNS to a standard queue keeps no order): kept here, the cancellation makes that payment reserve
-- nothing, since nobody would release what it reserved.
create table cancelled_order (
    order_id     uuid        primary key,
    cancelled_at timestamptz not null
);
