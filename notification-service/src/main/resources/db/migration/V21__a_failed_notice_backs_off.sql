-- A notice whose send fails waits longer before each next try (ADR 36, amended 2026-12-06, review): resend-interval
-- times 2^(failures - 1), an hour at most, so notices that keep failing, and a provider's outage, are not asked again
-- at the full rate every round, nor kept ahead of the back-in-stock notices for good. failed_attempts counts them;
-- retry_from is when the resend-interval before its next try starts counting (its last failure, moved later by its
-- back-off), read as coalesce(greatest(last_attempt_at, retry_from), created_at) by the sweep (V22's index).
-- Only new columns, defaulted or nullable: the previous release neither reads nor writes them (its failures leave
-- retry_from behind last_attempt_at, which greatest() then reads, as that release waits). A constant default adds no
-- rewrite; the alter's lock is brief, and waits 2 s at most for the previous release's statements.
set local lock_timeout = '2s';
alter table notification
    add column failed_attempts integer not null default 0,
    add column retry_from timestamptz;
