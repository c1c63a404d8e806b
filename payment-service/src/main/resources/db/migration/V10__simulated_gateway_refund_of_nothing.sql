-- The simulated gateway gives back 0.00 of a 0.00 charge (ADR 45, third amendment). An order may total 0.00 (a free
-- item, a full discount), the simulator charges it, and a compensation asks for its refund of 0.00: V9's check
-- (amount > 0) refused that row, so the refund failed for ever (the listener's message to its DLQ, the sweep asking
-- again, PaymentRefunded never sent). A refund may now be of zero; never of less.
-- Expand only: the previous release writes refunds of more than zero only, which the new check accepts too, and
-- reads nothing of it. It writes the table while this runs: wait a few seconds for its lock at most (the start fails
-- and is tried again). The new check is added without validating the rows already there (no scan under the lock):
-- V9's stricter check held every one of them.
set local lock_timeout = '5s';
alter table simulated_gateway_refund drop constraint simulated_gateway_refund_amount_check;
alter table simulated_gateway_refund add constraint simulated_gateway_refund_amount_check check (amount >= 0) not valid;
