-- Spring Data JDBC (ADR 28) tells a new reservation from a stored one by its version, and updates it only at the
-- version it read. Reservations already written start at 0: stored, not new.
alter table reservation add column version bigint not null default 0;
