-- A refund the provider refuses for good (no such charge, nothing left to give back, the key reused with other
-- parameters) is never asked again: asked again it is refused again, so the sweep would ask for ever. It is set
-- aside as NEEDS_RECONCILIATION for a person, with the refusal as the provider said it, who finds out at the provider
-- what became of the money and settles it (ADR 45): REFUNDED with a refund the provider confirms, or NOT_REFUNDED on
-- the person's word (the provider never refunded and will not, e.g. the charge was never captured).
alter table refund_attempt
    add column set_aside_at timestamptz,
    add column refusal      text,           -- the provider's refusal, as it said it; never card data
    add column settled_at   timestamptz;    -- when a person settled it

alter table refund_attempt drop constraint refund_attempt_status;

alter table refund_attempt
    add constraint refund_attempt_status
        check (status in ('PENDING', 'REFUNDED', 'NEEDS_RECONCILIATION', 'NOT_REFUNDED')),
    add constraint refund_attempt_set_aside_with_its_refusal
        check (status not in ('NEEDS_RECONCILIATION', 'NOT_REFUNDED')
            or (set_aside_at is not null and refusal is not null)),
    add constraint refund_attempt_not_refunded_once_settled
        check (status <> 'NOT_REFUNDED' or settled_at is not null);

-- What the reconciliation backlog reads: the few refunds set aside.
create index refund_attempt_set_aside on refund_attempt (created_at) where status = 'NEEDS_RECONCILIATION';
