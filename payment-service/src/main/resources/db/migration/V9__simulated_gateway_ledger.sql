-- The simulated payment gateway's own books (SimulatedPaymentGateway, ADR 45's third amendment), kept as a provider
-- keeps them: once for every payment-service instance, and across restarts. Before, each instance kept them in its
-- memory, so a refund asked again on another instance, or after a restart, was made again, and the simulator
-- confirmed any reference whose public, unkeyed seal matched. Its charges and refunds are kept; the answer of each
-- idempotency key for a day (key-retention), as a provider keeps a key, pruned by a scheduled delete.
-- New tables only, which the previous release neither reads nor writes: nothing of it narrows. Nothing else holds
-- a lock on them, but wait a few seconds at most all the same (the start fails and is tried again).
set local lock_timeout = '5s';

-- The charges it made. refunded is what it has given back of each: a refund of more than is left is refused by the
-- one update that gives it back (refunded + amount <= amount), which takes turns on the row across instances.
create table simulated_gateway_charge (
    reference        varchar(64)   primary key,
    idempotency_key  varchar(255)  not null,
    amount           numeric(12,2) not null check (amount >= 0),
    currency         varchar(3)    not null,
    refunded         numeric(12,2) not null default 0,
    charged_at       timestamptz   not null,
    constraint simulated_gateway_charge_refunded_within_amount check (refunded >= 0 and refunded <= amount)
);

-- The refunds it made, under whatever key (a person's by hand too): what madeRefund and madeRefundUnderAnyKey read.
create table simulated_gateway_refund (
    reference        varchar(64)   primary key,
    idempotency_key  varchar(255)  not null,
    charge_reference varchar(64)   not null references simulated_gateway_charge,
    amount           numeric(12,2) not null check (amount > 0),
    currency         varchar(3)    not null,
    refunded_at      timestamptz   not null
);

create index simulated_gateway_refund_charge on simulated_gateway_refund (charge_reference);

-- The first answer of each key, in one key space for charges and refunds, with the call that got it (the operation
-- in words and a fingerprint of the card, never the token): the same call again gets it, another call is refused.
create table simulated_gateway_key (
    idempotency_key  varchar(255)  primary key,
    operation        text          not null,
    card             varchar(64)   not null,
    outcome          varchar(20)   not null
                     constraint simulated_gateway_key_outcome check (outcome in ('APPROVED', 'DECLINED', 'REFUNDED')),
    result           varchar(255)  not null,  -- the charge's or the refund's reference, or the decline's reason
    answered_at      timestamptz   not null
);

-- What the scheduled prune reads: the keys older than the retention.
create index simulated_gateway_key_answered_at on simulated_gateway_key (answered_at);
