-- ADR 22 (amendment "several instances share the room"): every instance of the service renews a lease here at each
-- round of its admission, with its task workers and its measured step time. The admission's bounds sum the workers
-- of the instances whose lease runs (of the same state machine), and each instance admits its share of the room,
-- its workers of theirs. An instance that stops deletes its row; one that dies is forgotten when its lease runs out.
-- A new table only: the release before this one never reads it.
-- Unlogged: a lease lives seconds and is renewed every second, so it needs no WAL, and a renewal's commit waits for no
-- flush to disk (measured on the test database, load 6 to 8 on 2 cores: 0.8 ms a renewal, 2.1 to 4.3 ms logged;
-- a select 1 takes 0.06 ms). After a crash or a failover the table is empty until each instance's next round.
create unlogged table worker_lease (
    instance_id   uuid        primary key,
    state_machine text        not null,
    workers       integer     not null check (workers > 0),
    step_nanos    bigint      check (step_nanos >= 0),
    expires_at    timestamptz not null
);

create index worker_lease_of_machine on worker_lease (state_machine, expires_at);
