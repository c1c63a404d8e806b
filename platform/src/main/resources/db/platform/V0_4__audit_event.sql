-- The audit trail of admin actions (io.securecart.platform.audit.AuditTrail): who (the token's subject), what, to
-- which resource, when and with what outcome. Append-only; never pruned by the platform.
create table audit_event (
    id          bigserial primary key,
    occurred_at timestamptz  not null,
    actor       varchar(255) not null,
    action      varchar(100) not null,
    resource    varchar(500) not null,
    outcome     varchar(10)  not null check (outcome in ('SUCCESS', 'FAILURE')),
    detail      varchar(1000)
);

create index audit_event_newest on audit_event (occurred_at desc, id desc);
create index audit_event_action on audit_event (action, occurred_at desc);
