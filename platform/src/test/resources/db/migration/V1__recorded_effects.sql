-- The test application's "business effect": one row per event applied. No unique key, so a duplicate would show.
create table recorded_effect (
    event_id    uuid        not null,
    event_type  varchar(100) not null,
    customer_id varchar(64) not null,
    applied_at  timestamptz not null default now()
);
