-- A reservation released when its order was cancelled (PaymentRejected) and then found shipped (OrderShipped came
-- after it, ADR 44) becomes SHIPPED_ANYWAY: its goods are taken off the stock on hand after all. Expand only: the
-- previous release reads reservations by status RESERVED and never meets the new one.
-- The previous release writes the table while this runs: wait a few seconds for its lock at most (the start fails and
-- is tried again). The constraint is replaced NOT VALID: every existing row passes the narrower one it replaces, so a
-- validation would only scan the table under the lock; new rows are checked all the same.
set local lock_timeout = '5s';
alter table reservation
    drop constraint reservation_status_known,
    add constraint reservation_status_known
        check (status in ('RESERVED', 'COMMITTED', 'RELEASED', 'SHIPPED_ANYWAY')) not valid;
