-- The sweep's send rate holds across every instance of the service (ADR 36, amended 2026-12-06, shared pace): one row
-- per pace, the generic cell rate algorithm's one number, when the next send is due at the rate, in nanoseconds since
-- the epoch (the pace's arithmetic is in whole nanoseconds; to_timestamp(next_due / 1e9) reads it). Each take is one
-- statement that locks the row, so instances take turns on it for the time of that statement only.
-- A new table: the previous release, which paces each instance in memory, never reads it.
create table send_pace (
    id       varchar(100) primary key,
    next_due bigint not null
);
