package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.StockReserved;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.tracing.MessageTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens an order's fulfilment when its stock is reserved and starts its execution. The fulfilment row commits first,
 * in {@code STARTING}, with the inbox record: it is this service's outbox for {@code StartExecution}. The start
 * follows the commit; if the service dies in between, or Step Functions refuses, a sweep starts it again. Starting
 * twice is harmless: the execution is named after the order.
 */
@Service
class OrderFulfillments {

	static final String CONSUMER = "fulfillment-service";

	private static final Logger log = LoggerFactory.getLogger(OrderFulfillments.class);

	private final OrderFulfillmentRepository fulfillments;

	private final FulfillmentStateMachine stateMachine;

	private final FulfillmentAdmission admission;

	private final Inbox inbox;

	private final TransactionTemplate transaction;

	private final FulfillmentProperties properties;

	private final JsonMapper json;

	private final MessageTracing tracing;

	private final Clock clock;

	OrderFulfillments(OrderFulfillmentRepository fulfillments, FulfillmentStateMachine stateMachine,
			FulfillmentAdmission admission, Inbox inbox, TransactionTemplate transaction,
			FulfillmentProperties properties, JsonMapper json, MessageTracing tracing, Clock clock) {
		this.clock = clock;
		this.fulfillments = fulfillments;
		this.stateMachine = stateMachine;
		this.admission = admission;
		this.inbox = inbox;
		this.transaction = transaction;
		this.properties = properties;
		this.json = json;
		this.tracing = tracing;
	}

	void stockReserved(StockReserved event) {
		transaction.executeWithoutResult(status -> {
			if (inbox.firstDelivery(CONSUMER, event) && fulfillments.findById(event.orderId()).isEmpty()) {
				fulfillments.save(new OrderFulfillment(event.orderId(), event.customerId(), event.lines(),
						clock.instant()));
			}
		});
		// Also on a redelivery: the delivery before it may have committed and died before starting.
		start(event.orderId());
	}

	/**
	 * Starts the execution of a fulfilment still STARTING, if fewer than the most allowed run; a no-op otherwise (the
	 * start sweep tries again).
	 */
	void start(UUID orderId) {
		OrderFulfillment fulfillment = fulfillments.findById(orderId).orElse(null);
		if (fulfillment == null || fulfillment.getStatus() != FulfillmentStatus.STARTING) {
			return;
		}
		if (!admission.mayStartAnother()) {
			log.debug("Fulfillment of order {} waits for a running one to finish", orderId);
			return;
		}
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("orderId", orderId.toString());
		input.put("customerId", fulfillment.getCustomerId());
		// The definition puts it on every task message: the workers' spans join this order's trace.
		input.put(MessagingNames.TRACEPARENT_ATTRIBUTE, tracing.currentTraceparentOrNone());
		String executionArn = stateMachine.start(orderId, json.writeValueAsString(input));
		transaction.executeWithoutResult(status -> fulfillments.findLockedByOrderId(orderId)
			.ifPresent(locked -> locked.executionStarted(executionArn)));
		log.info("Fulfillment of order {} runs as {}", orderId, executionArn);
	}

	/** Starts what a crash, an outage or {@link FulfillmentAdmission} left STARTING, oldest first. */
	@Scheduled(fixedDelayString = "${securecart.fulfillment.start-sweep-interval:5s}")
	void startStalled() {
		for (OrderFulfillment stalled : fulfillments.findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(
				FulfillmentStatus.STARTING, clock.instant().minus(properties.startRetryAfter()))) {
			try {
				start(stalled.getOrderId());
			}
			catch (RuntimeException ex) {
				log.warn("Could not start the fulfillment of order {} yet: {}", stalled.getOrderId(), ex.toString());
			}
		}
	}
}
