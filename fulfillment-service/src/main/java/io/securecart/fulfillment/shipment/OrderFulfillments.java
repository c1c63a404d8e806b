package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

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
 * twice is harmless: the execution is named after the order. A fulfilment {@link FulfillmentAdmission} held back
 * starts as soon as a running one finishes, oldest first, not at the sweep's next pass: that waits
 * {@code start-retry-after}, long enough for a start under way, and would add it to every held-back order's time.
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

	/** Fulfilments admission held back, oldest first; each is started (or found started) once there is room. */
	private final ConcurrentLinkedDeque<UUID> heldBack = new ConcurrentLinkedDeque<>();

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
		try {
			start(event.orderId());
		}
		catch (RuntimeException ex) {
			// The row is committed STARTING: the start sweep starts it (and deferred work measures it). Failing the
			// event instead would only spend its receives and, through an outage, dead-letter an order that is safe.
			log.warn("Could not start the fulfillment of order {} yet; the start sweep will: {}", event.orderId(),
					ex.toString());
		}
	}

	/**
	 * Starts the execution of a fulfilment still STARTING, if fewer than the most allowed run; otherwise holds it back
	 * until there is room ({@link #startHeldBack()}).
	 */
	void start(UUID orderId) {
		if (!startIfAdmitted(orderId)) {
			log.debug("Fulfillment of order {} waits for a running one to finish", orderId);
			heldBack.addLast(orderId);
		}
	}

	/** Starts what admission held back, oldest first, while there is room; checked as often as admission counts. */
	@Scheduled(fixedDelayString = "${securecart.fulfillment.admission-interval:1s}")
	void startHeldBack() {
		for (UUID next = heldBack.pollFirst(); next != null; next = heldBack.pollFirst()) {
			boolean admitted;
			try {
				admitted = startIfAdmitted(next);
			}
			catch (RuntimeException ex) {
				log.warn("Could not start the fulfillment of order {} yet: {}", next, ex.toString());
				admitted = true; // not held back: the start sweep retries it
			}
			if (!admitted) {
				heldBack.addFirst(next);
				return;
			}
		}
	}

	/** False only when admission held it back; true when it started or needs no start. */
	private boolean startIfAdmitted(UUID orderId) {
		OrderFulfillment fulfillment = fulfillments.findById(orderId).orElse(null);
		if (fulfillment == null || fulfillment.getStatus() != FulfillmentStatus.STARTING) {
			return true;
		}
		if (!admission.mayStartAnother()) {
			return false;
		}
		String executionArn;
		// Everything after mayStartAnother() is inside: a start admitted and never answered holds a stop for 10 s.
		try {
			Map<String, Object> input = new LinkedHashMap<>();
			input.put("orderId", orderId.toString());
			input.put("customerId", fulfillment.getCustomerId());
			// The definition puts it on every task message: the workers' spans join this order's trace.
			input.put(MessagingNames.TRACEPARENT_ATTRIBUTE, tracing.currentTraceparentOrNone());
			executionArn = stateMachine.start(orderId, json.writeValueAsString(input));
		}
		finally {
			admission.startAnswered();
		}
		transaction.executeWithoutResult(status -> fulfillments.findLockedByOrderId(orderId).ifPresent(locked -> {
			locked.executionStarted(executionArn);
			fulfillments.saveProgress(locked);
		}));
		log.info("Fulfillment of order {} runs as {}", orderId, executionArn);
		return true;
	}

	/**
	 * Starts what a crash, an outage or a restart left STARTING, oldest first, as far as admission lets it; the rest
	 * wait for the next pass.
	 */
	@Scheduled(fixedDelayString = "${securecart.fulfillment.start-sweep-interval:5s}")
	void startStalled() {
		for (OrderFulfillment stalled : fulfillments.findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(
				FulfillmentStatus.STARTING, clock.instant().minus(properties.startRetryAfter()))) {
			try {
				if (!startIfAdmitted(stalled.getOrderId())) {
					return;
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not start the fulfillment of order {} yet: {}", stalled.getOrderId(), ex.toString());
			}
		}
	}
}
