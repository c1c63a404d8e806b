-- The payment an order heard of first (accepted or rejected), so that another one is known for a second charge
-- (ADR 44, amended 2026-12-06). Null until a PaymentAuthorized arrives; orders paid before this migration keep null,
-- and their next authorisation is taken as their first.
alter table orders add column payment_id uuid;
