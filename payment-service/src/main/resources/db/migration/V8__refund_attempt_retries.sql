-- A refund set aside for reconciliation can be asked for again under a new idempotency key, by a person (ADR 45,
-- second amendment): its key was refused for good (reused with other parameters, say), and a new key is a new refund
-- to the provider, which refuses one of more than the charge has left, so it never gives back twice. The key of each
-- retry is derived from the order and the retry's number (refund:<order>:<n>), so two clicks that take turns on the
-- row lock make one key, not two. Expand only: the previous release neither reads nor writes the column (its inserts
-- get the default, its saves leave it), and it asks a retried refund with the key on the row, as it asks any other.
alter table refund_attempt
    add column retries integer not null default 0 constraint refund_attempt_retries_not_negative check (retries >= 0);
