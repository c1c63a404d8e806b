-- A refund set aside for reconciliation can be asked for again under a new idempotency key, by a person (ADR 45,
-- second amendment): its key was refused for good (reused with other parameters, say), and a new key is a new refund
-- to the provider, which refuses one of more than the charge has left, so it never gives back twice. The key of each
-- retry is derived from the order and the retry's number (refund:<order>:<n>), so two clicks that take turns on the
-- row lock make one key, not two. Expand only: the previous release neither reads nor writes the column (its inserts
-- get the default, its saves leave it), and it asks a retried refund with the key on the row, as it asks any other.
-- The previous release writes the table while this runs: wait a few seconds for its lock at most (the start fails and
-- is tried again) rather than queue every refund behind it; a constant default adds the column without a rewrite, and
-- no check constraint, whose validation would scan the table under the lock (RefundAttempt only counts up).
set local lock_timeout = '5s';
alter table refund_attempt add column retries integer not null default 0;
