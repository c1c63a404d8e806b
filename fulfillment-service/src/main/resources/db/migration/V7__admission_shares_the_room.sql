-- ADR 22 (amendment "several instances share the room"): every instance of the service renews a lease here at each
-- round of its admission, with its task workers and its measured step time. The admission's bounds sum the workers
-- of the instances whose lease runs (of the same state machine), and each instance admits its share of the room,
-- its workers of theirs. An instance that stops deletes its row; one that dies is forgotten when its lease runs out.
-- A new table only: the release before this one never reads it.
create table worker_lease (
    instance_id   uuid        primary key,
    state_machine text        not null,
    workers       integer     not null check (workers > 0),
    step_nanos    bigint      check (step_nanos >= 0),
    expires_at    timestamptz not null
);

create index worker_lease_of_machine on worker_lease (state_machine, expires_at);
