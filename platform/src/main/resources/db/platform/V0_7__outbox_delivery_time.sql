-- A standard queue's message may be due later than its sending (SQS's delivery delay, at most 900 s): payment's
-- fraud-review timers, which the outbox now sends after the commit that records the review (ADR 40).
alter table outbox_message add column deliver_at timestamptz;
