-- The order in which effects were applied: the outbox order tests compare it with the order of publishing.
alter table recorded_effect add column seq bigint generated always as identity;
