-- FulfillmentAdmission counts the fulfilments under way every second, to hold StockReserved back at
-- securecart.fulfillment.max-in-flight: a partial index keeps that count to the few rows under way, however many
-- orders have shipped.
create index fulfillment_in_flight on fulfillment (status) where status in ('STARTING', 'RUNNING');
