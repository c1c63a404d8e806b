package io.securecart.contracts;

/**
 * The names services use to find the messaging topology. The topology itself (attributes, dead-letter queues,
 * subscriptions and filter policies) is declared once, in {@code infra/topology.json}; a test in the provisioner
 * fails the build when these names and that declaration drift apart.
 */
public final class MessagingNames {

	/** SQS FIFO queue: checkout publishes {@code OrderPlaced}, payment consumes. Group = customer, dedup = order. */
	public static final String ORDERS_QUEUE = "orders.fifo";

	/** SNS topic every order event after {@code OrderPlaced} is published to. */
	public static final String ORDER_EVENTS_TOPIC = "order-events";

	/** The SNS message attribute (and, with raw delivery, SQS message attribute) that filter policies match. */
	public static final String EVENT_TYPE_ATTRIBUTE = "eventType";

	/**
	 * The W3C trace context of the span that sent a message: a message attribute on SQS and SNS, a field of the detail
	 * on EventBridge (which has no attributes), a message attribute of Step Functions' task messages.
	 */
	public static final String TRACEPARENT_ATTRIBUTE = "traceparent";

	/** The order a message is about, as a message attribute: listeners tag their span and log lines with it. */
	public static final String ORDER_ID_ATTRIBUTE = "orderId";

	/**
	 * Claim check (ADR 16): present when the body is only a pointer to the payload in {@link #LARGE_PAYLOADS_BUCKET},
	 * and then the payload's size in bytes. The name and the pointer's format are those of AWS's SQS and SNS extended
	 * clients, so either side may be one of them.
	 */
	public static final String EXTENDED_PAYLOAD_SIZE_ATTRIBUTE = "ExtendedPayloadSize";

	/** S3 bucket (declared in {@code buckets}) holding payloads over the claim-check threshold; expires them. */
	public static final String LARGE_PAYLOADS_BUCKET = "securecart-large-payloads";

	/** Each consuming service reads its own queue, subscribed to {@link #ORDER_EVENTS_TOPIC} with a filter policy. */
	public static final String CHECKOUT_QUEUE = "checkout-order-events";

	public static final String PAYMENT_QUEUE = "payment-order-events";

	public static final String INVENTORY_QUEUE = "inventory-order-events";

	public static final String FULFILLMENT_QUEUE = "fulfillment-order-events";

	/**
	 * Fulfillment's second subscription to {@link #ORDER_EVENTS_TOPIC}: orders cancelled after their payment
	 * ({@code PaymentRejected}), whose fulfilment must stop or never start. A queue of its own because admission gates
	 * the receives of {@link #FULFILLMENT_QUEUE} (ADR 29): a cancellation must not wait behind the orders waiting to
	 * start (ADR 44).
	 */
	public static final String FULFILLMENT_CANCELLATIONS_QUEUE = "fulfillment-cancellations";

	public static final String NOTIFICATION_QUEUE = "notification-order-events";

	/** SQS queue (standard): high-value {@code OrderPlaced}, routed by {@link #HIGH_VALUE_ORDERS_RULE}. */
	public static final String FRAUD_SCREENING_QUEUE = "fraud-screening";

	/** SQS queue (standard): delayed timers that reject a manual review nobody decided in time. */
	public static final String FRAUD_REVIEW_TIMEOUTS_QUEUE = "fraud-review-timeouts";

	/** EventBridge custom bus: checkout puts every {@code OrderPlaced} on it (without the payment token). */
	public static final String EVENT_BUS = "securecart";

	/** The {@code source} of the events checkout puts on {@link #EVENT_BUS}. */
	public static final String CHECKOUT_EVENT_SOURCE = "securecart.checkout";

	/** EventBridge rule on {@link #EVENT_BUS}: {@code OrderPlaced} at or above {@link HighValueOrders#threshold()}. */
	public static final String HIGH_VALUE_ORDERS_RULE = "high-value-orders";

	/** EventBridge archive of {@link #EVENT_BUS}, which replays a window of order events back onto the bus. */
	public static final String ORDER_EVENTS_ARCHIVE = "securecart-order-events";
	/** SQS queue the fulfillment state machine sends its task steps to (callback pattern, with task tokens). */
	public static final String FULFILLMENT_TASKS_QUEUE = "fulfillment-tasks";

	/** Step Functions state machine that fulfils an order; one execution per order, named after the order id. */
	public static final String FULFILLMENT_STATE_MACHINE = "fulfillment";

	/**
	 * SQS queue (standard): inventory-service's {@code AvailableStockChanged}, sent through its outbox; the stock-alerts
	 * function consumes it (a Lambda's SQS event source on AWS, inventory-service's listener on the emulators).
	 */
	public static final String STOCK_LEVEL_CHANGES_QUEUE = "stock-level-changes";

	/** SNS topic the stock-alerts function publishes {@code StockLevelChanged} to. */
	public static final String STOCK_EVENTS_TOPIC = "stock-events";

	/** notification-service's queue on {@link #STOCK_EVENTS_TOPIC}: products back in stock. */
	public static final String NOTIFICATION_STOCK_QUEUE = "notification-stock-events";

	/**
	 * Kinesis data stream of customer activity (product views, cart additions), partition key = customer id so one
	 * customer's events stay in order; inventory reads it into its recommendations.
	 */
	public static final String CUSTOMER_ACTIVITY_STREAM = "customer-activity";

	/** DynamoDB table of shopping carts (checkout-service): a line per customer and SKU, expiring by TTL. */
	public static final String CARTS_TABLE = "carts";

	private MessagingNames() {
	}
}
