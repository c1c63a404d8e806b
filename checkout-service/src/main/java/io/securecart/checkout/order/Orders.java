package io.securecart.checkout.order;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.messaging.UnexpectedEventException;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders and keeps them up to date with the saga's events; each in one transaction. */
@Service
public class Orders {

	/** This service's name in the inbox. */
	static final String CONSUMER = "checkout-service";

	/** {@code GET /api/orders?customerId=} shows at most this many, newest first. */
	static final int CUSTOMER_ORDERS_SHOWN = 100;

	private static final Logger log = LoggerFactory.getLogger(Orders.class);

	private final OrderRepository repository;

	private final IdempotencyKeys idempotencyKeys;

	private final PaymentPort payment;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Clock clock;

	private final OrderCompletionMetrics completions;

	Orders(OrderRepository repository, IdempotencyKeys idempotencyKeys, PaymentPort payment, Inbox inbox,
			Outbox outbox, Clock clock, OrderCompletionMetrics completions) {
		this.repository = repository;
		this.idempotencyKeys = idempotencyKeys;
		this.payment = payment;
		this.inbox = inbox;
		this.outbox = outbox;
		this.clock = clock;
		this.completions = completions;
	}

	/**
	 * Saves the order, claims its idempotency key, hands {@code OrderPlaced} to the {@link PaymentPort} (in the
	 * decoupled mode: to {@code orders.fifo} through the outbox) and puts it on the {@code securecart} event bus
	 * through the outbox, all or nothing. The bus copy carries no payment token, only its fingerprint: the bus's rules
	 * route it, its archive keeps it, and neither needs to authorise a charge. If a concurrent request with the same key won the
	 * claim, its order is the answer.
	 * @throws IdempotencyKeyReusedException if that concurrent request was a different one
	 */
	@Transactional
	public OrderView place(PlaceOrder command) {
		Order order = Order.place(command.customerId(), command.lines(), clock.instant(), command.fromCart());
		if (!idempotencyKeys.claim(command.idempotencyKey(), command.requestFingerprint(), order.getId(),
				order.getCreatedAt())) {
			// Taken by this customer's earlier request, or by another customer's, which this one may not see.
			return replay(command.customerId(), command.idempotencyKey(), command.requestFingerprint())
				.orElseThrow(IdempotencyKeyReusedException::new);
		}
		repository.save(order);
		OrderPlaced placed = order.placedEvent(command.paymentToken().value());
		payment.orderPlaced(placed);
		outbox.putOnEventBus(MessagingNames.EVENT_BUS, MessagingNames.CHECKOUT_EVENT_SOURCE,
				placed.withoutPaymentToken());
		log.info("Order {} placed for customer {}: {} line(s), {}", order.getId(), order.getCustomerId(),
				order.lines().size(), order.total());
		return OrderView.of(order);
	}

	/**
	 * The order an earlier request of the customer with this key placed, if any.
	 * @throws IdempotencyKeyReusedException if the key placed an order for a different request
	 */
	@Transactional(readOnly = true)
	public Optional<OrderView> replay(String customerId, String idempotencyKey, String requestFingerprint) {
		return idempotencyKeys.find(customerId, idempotencyKey)
			.map(claimed -> view(claimed.orderFor(requestFingerprint)));
	}

	/** The order the customer's {@code Idempotency-Key} placed, if any, whatever request placed it. */
	@Transactional(readOnly = true)
	public Optional<OrderView> placedWith(String customerId, String idempotencyKey) {
		return idempotencyKeys.find(customerId, idempotencyKey).map(claimed -> view(claimed.orderId()));
	}

	/**
	 * The cart lines the order was placed from, as they were then ({@link OrderedCartLine}); none for an order not
	 * placed from the cart, or placed before orders recorded them (V16).
	 */
	@Transactional(readOnly = true)
	public List<OrderedCartLine> cartLinesOf(UUID orderId) {
		return repository.findById(orderId)
			.map(Order::cartLines)
			.orElseThrow(() -> new OrderNotFoundException(orderId));
	}

	/**
	 * Payment-service refused for good to take the order's payment request (the coupled mode): the order is cancelled
	 * if it still awaits its payment ({@link Order#paymentRequestRefused}).
	 * @return the order as it is now: cancelled, or paid or cancelled by an event that came first
	 */
	@Transactional
	public OrderView paymentRequestRefused(UUID orderId, String why) {
		Order order = repository.findLockedById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
		OrderStatus before = order.getStatus();
		Instant now = clock.instant();
		if (order.paymentRequestRefused(why, now)) {
			repository.saveProgress(order);
			completions.transitioned(order, before, now);
			log.warn("Order {} cancelled: {}", orderId, why);
		}
		return OrderView.of(order);
	}

	@Transactional(readOnly = true)
	public OrderView view(UUID orderId) {
		return repository.findById(orderId).map(OrderView::of).orElseThrow(() -> new OrderNotFoundException(orderId));
	}

	@Transactional(readOnly = true)
	public List<OrderView> ofCustomer(String customerId) {
		return repository.findByCustomerIdOrderByCreatedAtDesc(customerId, Limit.of(CUSTOMER_ORDERS_SHOWN))
			.stream()
			.map(OrderView::of)
			.toList();
	}

	/**
	 * Records a saga event on its order and applies the transition it means, once per event however often it is
	 * delivered.
	 * @throws OrderNotFoundException for an order checkout does not know: the message is retried and, failing
	 * that, ends up in the dead-letter queue rather than being dropped
	 */
	@Transactional
	public void apply(OrderEvent event) {
		if (!inbox.firstDelivery(CONSUMER, event)) {
			log.debug("{} {} was applied already; ignoring the redelivery", event.eventType(), event.eventId());
			return;
		}
		Order order = repository.findLockedById(event.orderId())
			.orElseThrow(() -> new OrderNotFoundException(event.orderId()));
		OrderStatus before = order.getStatus();
		Instant now = clock.instant();
		switch (event) {
			case PaymentAuthorized authorized -> answer(order, authorized, order.paymentAuthorized(authorized, now));
			case PaymentDeclined declined -> order.paymentDeclined(declined, now);
			case StockReserved reserved -> order.stockReserved(reserved, now);
			case StockRejected rejected -> order.stockRejected(rejected, now);
			case OrderShipped shipped -> order.shipped(shipped, now);
			case PaymentRefunded refunded -> order.paymentRefunded(refunded, now);
			case FraudReviewRequired review -> order.fraudReviewRequired(review, now);
			case FraudScreeningPassed passed -> order.fraudScreeningPassed(passed, now);
			case FraudScreeningFailed failed -> order.fraudScreeningFailed(failed, now);
			case FulfillmentFailed failed -> order.fulfillmentFailed(failed, now);
			case OrderPlaced placed -> throw new UnexpectedEventException("checkout-service (it announces OrderPlaced)",
					placed);
			case PaymentRejected rejected -> throw new UnexpectedEventException(
					"checkout-service (it announces PaymentRejected)", rejected);
		}
		// Nothing is written unless saved. Another event of this order waited for the row lock; a change made
		// without it fails here with OptimisticLockingFailureException, rolling back the inbox entry and any outbox
		// message, and the message is delivered again.
		repository.saveProgress(order);
		completions.transitioned(order, before, now);
		log.info("Order {}: {} recorded, status {} -> {}", order.getId(), event.eventType(), before,
				order.getStatus());
	}

	private void answer(Order order, PaymentAuthorized authorized, PaymentAnswer answer) {
		switch (answer) {
			case PaymentAnswer.Recorded recorded -> {
			}
			case PaymentAnswer.Rejected rejected -> {
				// Compensation, on the topic: everyone who acted on the payment hears it (ADR 44). Payment refunds,
				// inventory releases the stock it reserved for it, fulfillment stops or never starts the order.
				outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, rejected.rejected());
				if (rejected.goodsLeft()) {
					log.error("Order {} shipped, and payment {} is rejected ({}): refund requested, but the goods left;"
							+ " recovering them is a person's decision (ADR 35)", order.getId(), authorized.paymentId(),
							rejected.why());
				}
				else {
					log.warn("Order {}: payment {} rejected ({}); status {}, refund, stock release and fulfilment stop"
							+ " requested", order.getId(), authorized.paymentId(), rejected.why(), order.getStatus());
				}
			}
			case PaymentAnswer.SecondPayment second -> log.error("Order {} was charged twice: payment {} of {} after"
					+ " payment {}; payment refunds per order, so none is refunded automatically: refund {} by hand",
					order.getId(), second.second(), second.amount(), second.first(), second.second());
		}
	}
}
