-- An Idempotency-Key is the customer's own: another customer sending the same key places their own order instead of
-- being refused (422) or shown someone else's. The primary key becomes (customer_id, key), the table's only unique
-- index, so that IdempotencyKeys' "on conflict (customer_id, key)" guards exactly it against concurrent claims.
alter table idempotency_key add column customer_id varchar(64);
update idempotency_key k set customer_id = o.customer_id from orders o where o.id = k.order_id;
alter table idempotency_key alter column customer_id set not null;
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add constraint idempotency_key_pkey primary key (customer_id, key);
