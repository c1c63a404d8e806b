-- A charge set aside for reconciliation (V4, ADR 42) is now released from its payment hold in the same transaction,
-- so a high-value order's token does not outlive the charge's last chance there either. Holds left by attempts set
-- aside before this release are released here, at the moment their attempt was set aside.
update payment_hold h
set held_order = null, released_at = a.set_aside_at, version = h.version + 1
from payment_attempt a
where a.order_id = h.order_id and a.status = 'NEEDS_RECONCILIATION' and h.released_at is null;
