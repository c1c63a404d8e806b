-- Issue 12: an order whose fulfillment failed is announced twice, by FulfillmentFailed and by the PaymentRefunded
-- that compensates it; the customer hears about the cancellation once, from whichever arrives first.
create unique index notification_one_cancellation_per_order on notification (order_id)
    where kind = 'ORDER_CANCELLED_REFUNDED';
