-- The simulated gateway adopts into its books a charge the release before them made (ADR 45, third amendment): a
-- refund of a sealed reference of that release (ch_<32 hex>_<amount>_<currency>_<12 hex seal>, whose seal checks out)
-- inserts the charge in the refund's transaction, then refunds it as any other. Before, the refund was refused for
-- good: the orders charged before the upgrade, and those charged by an old instance during the rollout, could not be
-- refunded. An adopted charge's key is unknown (the reference was derived from it, one way), so it may be null: no
-- key confirms it (madeCharge reads the books only), and its charged_at is when it was adopted. Its reference may be
-- 66 characters long (an order of 9,999,999,999.99), more than V9's 64.
-- Expand only: the previous release always writes a key, and reads a charge's key only to compare it with one; a
-- wider column holds all it writes. It writes the tables while this runs: wait a few seconds for their locks at most
-- (the start fails and is tried again). Dropping a not-null and widening a varchar rewrite no table.
set local lock_timeout = '5s';
alter table simulated_gateway_charge alter column idempotency_key drop not null;
alter table simulated_gateway_charge alter column reference type varchar(80);
alter table simulated_gateway_refund alter column charge_reference type varchar(80);
