-- An attempt pending longer than the provider keeps its idempotency key (securecart.payment.attempts.key-window) is
-- never asked again: with a key the provider forgot, the same call is a second charge. It is set aside as
-- NEEDS_RECONCILIATION for a person, who looks the key up at the provider and settles it (ADR 42). Its order is kept
-- for that (its lines go with PaymentAuthorized), without the payment token.
alter table payment_attempt add column set_aside_at timestamptz;

-- V3's checks were unnamed: drop whichever of them name the status, by what they say, not by a generated name.
do $$
declare
    constraint_name name;
begin
    for constraint_name in
        select conname from pg_constraint
        where conrelid = 'payment_attempt'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%status%'
    loop
        execute format('alter table payment_attempt drop constraint %I', constraint_name);
    end loop;
end
$$;

alter table payment_attempt
    add constraint payment_attempt_status
        check (status in ('PENDING', 'AUTHORIZED', 'DECLINED', 'NEEDS_RECONCILIATION')),
    add constraint payment_attempt_resolved_once_answered
        check ((status in ('AUTHORIZED', 'DECLINED')) = (resolved_at is not null)),
    add constraint payment_attempt_order_kept_until_answered
        check ((status in ('PENDING', 'NEEDS_RECONCILIATION')) = (order_to_charge is not null)),
    add constraint payment_attempt_set_aside_when_reconciled
        check (status <> 'NEEDS_RECONCILIATION' or set_aside_at is not null),
    -- The token must not outlive the attempt's last chance to charge.
    add constraint payment_attempt_no_token_once_set_aside
        check (status <> 'NEEDS_RECONCILIATION' or (order_to_charge::jsonb ->> 'paymentToken') is null);

-- What the reconciliation backlog reads: the few attempts set aside.
create index payment_attempt_set_aside on payment_attempt (created_at) where status = 'NEEDS_RECONCILIATION';
