-- Spring Data JDBC tells a new aggregate from a stored one by its version: null until it is first inserted (ADR 28).
-- Rows written before read as version 0, stored.
alter table notification add column version bigint not null default 0;
alter table back_in_stock_request add column version bigint not null default 0;
