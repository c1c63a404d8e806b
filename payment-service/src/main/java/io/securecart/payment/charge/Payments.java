package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.securecart.contracts.HighValueOrders;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.payment.gateway.Authorization;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.ReceiveLimits;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes the payment of placed orders. Giving it back (a stock rejection, a failed fulfillment, a payment checkout
 * rejected) is {@link Refunds}' work.
 * <p>
 * The gateway is called <em>outside</em> any database transaction, so no connection or row lock is held while a
 * remote call (with its retries) runs. That is safe because the gateway call is idempotent by its key: when the
 * transaction that records the answer fails, or the message is delivered again, the same call returns the same
 * answer and never charges twice. The charge and the refund of an order have keys of their own
 * ({@link #chargeKey(UUID)}, {@link Refunds#refundKey(UUID)}): a provider's keys are one space for all its operations.
 * Recording the answer is one transaction: the inbox entry, the payment and the event to publish, all or nothing.
 * <p>
 * Before the gateway is asked to charge, the intent is written in a short transaction of its own: a pending
 * {@link PaymentAttempt} with the key, the amount and the order (ADR 42). The recording transaction moves it to the
 * answer, once. An attempt still pending (every delivery's recording failed, and its message went to the
 * dead-letter queue) is a charge the gateway may have made that nobody recorded: {@link StuckPaymentAttempts} asks
 * again with the same key, which returns the first answer without charging again, and records it through
 * {@link #resolve(UUID)} exactly as the delivery would have. So a charged order is always recorded, and can be
 * refunded. A pending attempt is not a payment: nothing that reads payments sees it, and a delivery that finds one
 * does not stop at it, but asks with its key and records.
 * <p>
 * Two limits keep that safe. An order the gateway's open circuit refused on the last receive its queue allows (the
 * gateway was not asked; its attempt is pending) is acknowledged, not dead-lettered: the sweep charges it once the
 * gateway is back, so a dead-letter copy would only be a false alarm. And nothing asks again with a key older than
 * the provider keeps it ({@code key-window}): such a charge's attempt is set aside for reconciliation
 * ({@link #setAside(UUID)}), a person settles it ({@link #settle(UUID, Authorization)}), and until then a delivery of
 * its order charges nothing.
 * <p>
 * A high-value order ({@link HighValueOrders}) is charged only once fraud screening passed it: it waits in
 * {@link PaymentHolds} until its verdict, which may arrive before or after the order itself. An order that failed
 * screening is never charged. Every other order is charged at once, exactly as before.
 */
@Service
class Payments {

	static final String CONSUMER = "payment-service";

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	private final PaymentRepository payments;

	private final GatewayClient gateway;

	private final Inbox inbox;

	private final Outbox outbox;

	private final PaymentHolds holds;

	private final PaymentAttemptRepository attempts;

	private final OrderEventCodec codec;

	private final TransactionTemplate transactions;

	private final ReceiveLimits receiveLimits;

	private final PaymentAttemptProperties properties;

	private final Clock clock;

	Payments(PaymentRepository payments, GatewayClient gateway, Inbox inbox, Outbox outbox, PaymentHolds holds,
			PaymentAttemptRepository attempts, OrderEventCodec codec, TransactionTemplate transactions,
			ReceiveLimits receiveLimits, PaymentAttemptProperties properties, Clock clock) {
		this.payments = payments;
		this.gateway = gateway;
		this.inbox = inbox;
		this.outbox = outbox;
		this.holds = holds;
		this.attempts = attempts;
		this.codec = codec;
		this.transactions = transactions;
		this.receiveLimits = receiveLimits;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Charges the order's total and announces the outcome: {@code PaymentAuthorized} with the order's lines, or
	 * {@code PaymentDeclined} with the gateway's reason. The intent to charge ({@link PaymentAttempt}) is written
	 * before the gateway is asked; an order whose attempt is pending (an earlier delivery charged it, or failed to ask,
	 * and did not record) is asked for again with that attempt's key, and its answer recorded now, unless the key is
	 * older than the provider keeps it: then the attempt is set aside for reconciliation and nothing is asked. An order
	 * whose attempt awaits reconciliation is not charged either: the delivery is acknowledged, with an ERROR.
	 * @param delivery the receive of the message that brought it: when the open circuit refuses the charge on the last
	 * receive the queue allows, the message is acknowledged (this returns) rather than dead-lettered, since its pending
	 * attempt is the sweep's to charge once the gateway is back
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException when the gateway did not answer, and
	 * {@code CallNotPermittedException} while its circuit is open (but on the last receive): only the pending attempt
	 * is recorded, and the message comes back
	 */
	void authorize(OrderPlaced order, Delivery delivery) {
		if (!toBeChargedNow(order)) {
			return;
		}
		PaymentAttempt attempt = transactions.execute(status -> attempts.insertIfAbsent(new PaymentAttempt(
				order.orderId(), order.customerId(), chargeKey(order.orderId()), order.total(), codec.encode(order),
				clock.instant())));
		if (attempt.awaitsReconciliation()) {
			log.error("Order {}'s charge awaits reconciliation (its key outlived the provider's window): delivery of "
					+ "{} acknowledged and nothing charged; settle it at /api/admin/payment-attempts/{}/settlement",
					order.orderId(), order.eventId(), order.orderId());
			return;
		}
		if (!attempt.isPending()) {
			log.info("Order {} was paid meanwhile; delivery of {} had no effect", order.orderId(), order.eventId());
			return;
		}
		if (!attempt.withinKeyWindow(clock.instant(), properties.keyWindow())) {
			setAside(order.orderId());
			return;
		}
		try {
			chargeAndRecord(order, attempt.getIdempotencyKey());
		}
		catch (CallNotPermittedException refused) {
			if (!receiveLimits.isLastReceive(delivery)) {
				throw refused;
			}
			// The gateway was not asked, and the attempt is pending: the sweep charges it with its key once the
			// circuit closes. Failing would only spend the last receive and send a false alarm to the DLQ.
			log.warn("Order {}: the gateway's open circuit refused its charge on receive {} of {}, the last before the "
					+ "dead-letter queue; acknowledged, its pending attempt is left to the sweep", order.orderId(),
					delivery.receiveCount(), delivery.queue());
		}
	}

	/** The same, for a call that is no message's delivery (it has no receives to spend). */
	void authorize(OrderPlaced order) {
		authorize(order, Delivery.none(MessagingNames.ORDERS_QUEUE));
	}

	/**
	 * Resolves an attempt left pending ({@link StuckPaymentAttempts}): asks the gateway again with the attempt's key,
	 * which within the provider's key window answers as it did the first time and charges nothing more, and records the
	 * answer exactly as the delivery of its order would have: the same inbox entry (the order's event, so a redrive of
	 * its message finds it applied), the same payment, the same event with the order's lines. One past the key window
	 * is set aside instead ({@link #setAside(UUID)}), and nothing is asked.
	 * @return whether this call recorded it; {@code false} when the order had no pending attempt (recorded meanwhile)
	 * or it was set aside
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException and {@code CallNotPermittedException} as
	 * {@link #authorize(OrderPlaced, Delivery)}; the attempt stays pending
	 */
	boolean resolve(UUID orderId) {
		Optional<PaymentAttempt> pending = attempts.findById(orderId).filter(PaymentAttempt::isPending);
		if (pending.isEmpty()) {
			return false;
		}
		if (!pending.get().withinKeyWindow(clock.instant(), properties.keyWindow())) {
			setAside(orderId);
			return false;
		}
		OrderPlaced order = (OrderPlaced) codec.decode("OrderPlaced", pending.get().orderToCharge().orElseThrow());
		return chargeAndRecord(order, pending.get().getIdempotencyKey());
	}

	/**
	 * Sets a pending attempt whose key window has passed aside for reconciliation, in a transaction of its own, and
	 * says so at ERROR: asked again, the provider would take its key for a new one and charge the card a second time,
	 * while the first call may have charged it. Its order is kept without the payment token, and the hold of a
	 * high-value order is released in the same transaction, so the token is left nowhere.
	 * @return whether this call set it aside; {@code false} when it is not pending (recorded meanwhile, set aside
	 * already) or still within its window
	 */
	boolean setAside(UUID orderId) {
		return Boolean.TRUE.equals(transactions.execute(status -> {
			Optional<PaymentAttempt> found = attempts.findLockedById(orderId).filter(PaymentAttempt::isPending);
			if (found.isEmpty()) {
				return false;
			}
			PaymentAttempt attempt = found.get();
			OrderPlaced order = (OrderPlaced) codec.decode("OrderPlaced", attempt.orderToCharge().orElseThrow());
			if (!attempt.setAside(codec.encode(order.withoutPaymentToken()), clock.instant(),
					properties.keyWindow())) {
				return false;
			}
			attempts.save(attempt);
			// A held high-value order keeps its token in its hold too: it must go with the same last chance.
			holds.chargeSetAside(orderId);
			log.error("Order {}'s charge of {} has been pending since {}, longer than the provider keeps its key "
					+ "(key window {}): asked again it could be charged twice, so nothing asks any more. Set aside for "
					+ "reconciliation: look up key {} at the provider and settle it at "
					+ "/api/admin/payment-attempts/{}/settlement", orderId, attempt.getAmount(), attempt.getCreatedAt(),
					properties.keyWindow(), attempt.getIdempotencyKey(), orderId);
			return true;
		}));
	}

	/** The charges set aside for reconciliation, the longest waiting first. */
	List<PaymentAttempt> awaitingReconciliation() {
		return attempts.findAwaitingReconciliation();
	}

	/**
	 * Settles an attempt set aside for reconciliation with what the provider's records say became of its key: a
	 * charge (its reference) or none. Recorded exactly as the gateway's answer would have been, so the saga goes on:
	 * a charged order is paid (and refundable), one never charged is declined, and checkout cancels it. A charge is
	 * recorded only once the provider confirms it made it with the attempt's key and amount: its reference is what a
	 * refund names, and no service takes it from a client on trust. That no charge was made cannot be asked (providers
	 * offer no lookup by key): the person's word, audited.
	 * @throws PaymentAttemptNotFoundException when the order has no attempt
	 * @throws NotAwaitingReconciliationException when its attempt is not set aside (pending, or answered)
	 * @throws ChargeNotConfirmedException when the provider does not confirm the charge
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException and {@code CallNotPermittedException} when the
	 * provider cannot be asked now; nothing is recorded
	 */
	Payment settle(UUID orderId, Authorization providerSays) {
		PaymentAttempt attempt = attempts.findById(orderId)
			.orElseThrow(() -> new PaymentAttemptNotFoundException(orderId));
		if (!attempt.awaitsReconciliation()) {
			throw new NotAwaitingReconciliationException(orderId, attempt.getStatus());
		}
		OrderPlaced order = (OrderPlaced) codec.decode("OrderPlaced", attempt.orderToCharge().orElseThrow());
		if (providerSays instanceof Authorization.Approved(String chargeReference) && !Boolean.TRUE.equals(
				GatewayClient.await(gateway.madeCharge(chargeReference, attempt.getIdempotencyKey(), order.total())))) {
			throw new ChargeNotConfirmedException(orderId, chargeReference);
		}
		if (!Boolean.TRUE.equals(transactions.execute(status -> record(order, providerSays)))) {
			throw new NotAwaitingReconciliationException(orderId, attempts.findById(orderId).orElseThrow().getStatus());
		}
		log.warn("Order {}'s charge set aside for reconciliation was settled: {}", orderId, providerSays);
		return payments.findByOrderId(orderId).orElseThrow();
	}

	/** Asks the gateway with no transaction open, then records its answer in one; whether this call recorded it. */
	private boolean chargeAndRecord(OrderPlaced order, String idempotencyKey) {
		Authorization authorization = GatewayClient
			.await(gateway.authorize(idempotencyKey, order.paymentToken(), order.total()));
		try {
			return Boolean.TRUE.equals(transactions.execute(status -> record(order, authorization)));
		}
		catch (DataIntegrityViolationException ex) {
			// The transaction was rolled back as a whole (PostgreSQL accepts nothing more in it after the failed
			// insert); this look runs outside it, and sees the payment of the delivery that won.
			if (!payments.existsByOrderId(order.orderId())) {
				throw ex;
			}
			log.info("Order {} was paid by a concurrent delivery; delivery of {} had no effect", order.orderId(),
					order.eventId());
			return false;
		}
	}

	/** Not when the order has a payment, nor while it is held for its screening, nor when it failed it. */
	private boolean toBeChargedNow(OrderPlaced order) {
		if (payments.existsByOrderId(order.orderId())) {
			log.info("Order {} already has a payment; delivery of {} ignored", order.orderId(), order.eventId());
			return false;
		}
		return !HighValueOrders.isHighValue(order.total()) || clearedByScreening(order);
	}

	/** Holds a high-value order until its verdict; {@code true} when it has passed and may be charged now. */
	private boolean clearedByScreening(OrderPlaced order) {
		Optional<PaymentHold.Verdict> verdict = holds.hold(order);
		if (verdict.isEmpty()) {
			log.info("Order {} of {} is high-value: held until fraud screening decides", order.orderId(),
					order.total());
			return false;
		}
		if (verdict.get() == PaymentHold.Verdict.FAILED) {
			log.info("Order {} failed fraud screening: nothing charged", order.orderId());
			return false;
		}
		return true;
	}

	/** A held order that passed is charged now; one that arrives later is charged when it arrives. */
	void screeningPassed(FraudScreeningPassed passed, Delivery delivery) {
		holds.verdict(passed.orderId(), passed.customerId(), PaymentHold.Verdict.PASSED, passed.decidedBy())
			.ifPresent(order -> authorize(order, delivery));
	}

	/** Nothing is charged for this order, now or when it arrives; checkout cancels it, notification tells. */
	void screeningFailed(FraudScreeningFailed failed) {
		holds.verdict(failed.orderId(), failed.customerId(), PaymentHold.Verdict.FAILED, failed.decidedBy());
		log.info("Order {} failed fraud screening ({}): it will not be charged", failed.orderId(), failed.decidedBy());
	}

	/**
	 * The same authorisation, asked for over HTTP while the customer waits (checkout's coupled mode), answering with
	 * the order's payment: the one just decided, or the one an earlier request (or delivery) decided. No intent is
	 * written down: the caller waits for the answer, and a failure tells it to ask again, or to give up. The sweep must
	 * not charge an order whose customer was told it failed, and may have placed it again (ADR 42). A high-value order
	 * held for its screening is the sweep's again once its verdict charges it, since the customer was told it was
	 * accepted: asked for over HTTP again, it is asked with its attempt's key, and not at all once that key is past its
	 * window.
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException and {@code CallNotPermittedException} as
	 * {@link #authorize(OrderPlaced)}; nothing is recorded then, and the caller may ask again
	 * @throws ChargeAwaitsReconciliationException when the order's attempt is (or, past its key window, is now) set
	 * aside for reconciliation: nothing is asked
	 */
	Payment authorizeNow(OrderPlaced order) {
		if (toBeChargedNow(order)) {
			keyToAskNow(order.orderId()).ifPresent(key -> chargeAndRecord(order, key));
		}
		return payments.findByOrderId(order.orderId()).orElseThrow(() -> new OrderHeldForScreeningException(order));
	}

	/**
	 * The key to charge the order with now: its attempt's, which only a cleared high-value order has (its verdict
	 * wrote it), else the order's charge key; none when the attempt was answered meanwhile (by a delivery or the
	 * sweep), whose payment is the answer. An attempt past its key window is set aside here, as the sweep would: the
	 * provider may have forgotten the key, and would charge again.
	 */
	private Optional<String> keyToAskNow(UUID orderId) {
		Optional<PaymentAttempt> attempt = attempts.findById(orderId);
		if (attempt.isEmpty()) {
			return Optional.of(chargeKey(orderId));
		}
		if (attempt.get().isPending() && !attempt.get().withinKeyWindow(clock.instant(), properties.keyWindow())) {
			if (setAside(orderId)) {
				throw new ChargeAwaitsReconciliationException(orderId);
			}
			// Answered, or set aside, since it was read: read it again.
			return keyToAskNow(orderId);
		}
		if (attempt.get().awaitsReconciliation()) {
			throw new ChargeAwaitsReconciliationException(orderId);
		}
		return attempt.get().isPending() ? Optional.of(attempt.get().getIdempotencyKey()) : Optional.empty();
	}

	private boolean record(OrderPlaced order, Authorization authorization) {
		if (!inbox.firstDelivery(CONSUMER, order)) {
			log.info("{} was already applied; redelivery ignored", order.eventId());
			return false;
		}
		Instant now = clock.instant();
		Optional<PaymentAttempt> attempt = attempts.findLockedById(order.orderId());
		if (attempt.isPresent() && !attempt.get().answered(authorization, now)) {
			log.info("Order {}'s payment was recorded meanwhile ({}); delivery of {} had no effect", order.orderId(),
					attempt.get().getStatus(), order.eventId());
			return false;
		}
		attempt.ifPresent(attempts::save);
		holds.paymentDecided(order.orderId());
		switch (authorization) {
			case Authorization.Approved(String chargeReference) -> {
				Payment payment = payments.save(
						Payment.authorized(order.orderId(), order.customerId(), order.total(), chargeReference, now));
				outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, new PaymentAuthorized(UUID.randomUUID(),
						order.orderId(), order.customerId(), payment.getId(), payment.getAmount(), order.lines(), now));
				log.info("Payment {} of {} for order {} authorized", payment.getId(), payment.getAmount(),
						order.orderId());
			}
			case Authorization.Declined(String reason) -> {
				Payment payment = payments
					.save(Payment.declined(order.orderId(), order.customerId(), order.total(), reason, now));
				outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC,
						new PaymentDeclined(UUID.randomUUID(), order.orderId(), order.customerId(), reason, now));
				log.info("Payment {} for order {} declined: {}", payment.getId(), order.orderId(), reason);
			}
		}
		return true;
	}

	/**
	 * The idempotency key of the order's charge: its id, as it has always been, so an order charged before a release
	 * and delivered again after it gets its first answer.
	 */
	static String chargeKey(UUID orderId) {
		return orderId.toString();
	}
}
