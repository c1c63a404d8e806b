-- The W3C trace context (traceparent) of the span that wrote the row: the relay's producer span continues that trace,
-- and the message carries it on (docs/adr/0008-trace-context-rides-with-the-outbox-row.md). Null outside a trace.
alter table outbox_message add column traceparent varchar(55);
