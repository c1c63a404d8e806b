-- A retried cart checkout removes exactly the cart lines its order was placed from (ADR 12, amended 2026-12-06):
-- each order line records its cart line's version and when that version was written (null where the cart line had
-- none, or the line did not come from the cart). Nullable, so the release before it keeps inserting lines.
-- Numbered 16: session 43's V15 was withdrawn before it landed, and a database a test ran it on must not meet
-- another V15.
alter table order_line add column cart_line_version bigint;
alter table order_line add column cart_line_written_at timestamptz;
