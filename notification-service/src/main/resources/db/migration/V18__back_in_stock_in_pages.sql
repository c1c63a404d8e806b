-- One StockLevelChanged tells its waiting customers a page at a time, each page in a transaction of its own (ADR 15,
-- amended 2026-12-06): a page is the oldest waiting requests of the SKU made at or before the event, found from
-- this index without sorting every waiting request again at each page.
drop index back_in_stock_request_waiting;
create index back_in_stock_request_waiting on back_in_stock_request (sku, requested_at, id) where notified_at is null;

-- The newest stock level change seen for each SKU: a back-in-stock event older than it (delivered late, after the
-- product ran out again) tells nobody.
create table stock_level_seen (
    sku         varchar(64) primary key,
    occurred_at timestamptz not null
);

-- The sweep takes order notices (cancellations, refunds) before back-in-stock notices, each longest waiting first:
-- thousands of back-in-stock notices left to the sweep must not keep a cancellation waiting.
drop index notification_unsent;
create index notification_unsent on notification ((kind = 'BACK_IN_STOCK'), (coalesce(last_attempt_at, created_at)))
    where sent_at is null;
