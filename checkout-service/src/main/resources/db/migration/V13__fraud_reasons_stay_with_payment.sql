-- A fraud verdict's reasons and its reviewer are payment's, shown to admins only; the order's timeline is the
-- customer's. Entries recorded before kept them: replaced by what the timeline says now.
update order_timeline set detail = 'held for a review' where event_type = 'FraudReviewRequired';
update order_timeline set detail = 'cleared' where event_type = 'FraudScreeningPassed';
update order_timeline set detail = 'not confirmed' where event_type = 'FraudScreeningFailed';
