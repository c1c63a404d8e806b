package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.GatewayUnavailableException;
import io.securecart.payment.gateway.IdempotencyKeyReusedException;
import io.securecart.payment.gateway.RefundRefusedException;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.ReceiveLimits;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the payment of an order back when its stock was rejected, its fulfillment failed or checkout rejected its
 * payment: the compensations of the saga, beside {@link Payments}, which takes the payment.
 * <p>
 * A refund is written down before the gateway is asked (ADR 45), as a charge is (ADR 42): a pending
 * {@link RefundAttempt} with the refund's key ({@link #refundKey(UUID)}, not the charge's: a provider's keys are one
 * space for all its operations), the charge, the amount, the reason and the compensation that asked for it. The
 * gateway is called with no transaction open, and the recording transaction moves the refund to refunded, with the
 * payment and {@code PaymentRefunded}, once. One still pending (the open circuit refused its last receive, or every
 * recording failed) is asked again by the sweep ({@link StuckPaymentAttempts}) and recorded through
 * {@link #resolveRefund(UUID)} as its compensation's delivery would have been. So a compensation never leaves the
 * customer's money taken for want of receives. One the provider refuses for good (no such charge, nothing left to give
 * back, its key reused) is set aside for reconciliation ({@link #setRefundAside(UUID, String, String)}), since
 * asked again it would be refused again, and a person settles it ({@link #settleRefund(UUID, RefundSettlement)}),
 * with a refund the provider made under its key or by hand under another, or none; or asks for it again under a new
 * key ({@link #retryRefund(UUID)}).
 * <p>
 * A refund has no key window, unlike a charge: asked again with a key the provider forgot, one that was made is
 * refused, as the charge has nothing left to give back (ADR 45). The inbox entries are {@link Payments#CONSUMER}'s,
 * as they were when both lived in one class: a compensation applied before this class existed is found applied.
 */
@Service
class Refunds {

	private static final Logger log = LoggerFactory.getLogger(Refunds.class);

	private final PaymentRepository payments;

	private final GatewayClient gateway;

	private final Inbox inbox;

	private final Outbox outbox;

	private final RefundAttemptRepository refunds;

	private final OrderEventCodec codec;

	private final TransactionTemplate transactions;

	private final ReceiveLimits receiveLimits;

	private final Clock clock;

	Refunds(PaymentRepository payments, GatewayClient gateway, Inbox inbox, Outbox outbox,
			RefundAttemptRepository refunds, OrderEventCodec codec, TransactionTemplate transactions,
			ReceiveLimits receiveLimits, Clock clock) {
		this.payments = payments;
		this.gateway = gateway;
		this.inbox = inbox;
		this.outbox = outbox;
		this.refunds = refunds;
		this.codec = codec;
		this.transactions = transactions;
		this.receiveLimits = receiveLimits;
		this.clock = clock;
	}

	/**
	 * Compensation: refunds the authorised payment of an order whose stock was rejected, and announces
	 * {@code PaymentRefunded}. An order with no payment, or one that is not authorised, is not refunded and nothing
	 * is announced: there is no refund without a charge, and never a second one. The intent to refund
	 * ({@link RefundAttempt}) is written before the gateway is asked (ADR 45); a refund pending already (an earlier
	 * delivery, or another compensation of the order, asked and did not record) is asked for again with its key, and
	 * recorded now.
	 * @param delivery the receive of the message that brought it: when the open circuit refuses the refund on the last
	 * receive the queue allows, the message is acknowledged (this returns) rather than dead-lettered, since its pending
	 * refund is the sweep's to make once the gateway is back
	 * The provider's refusal for good ({@link RefundRefusedException}, {@link IdempotencyKeyReusedException}) sets the
	 * refund aside for reconciliation, and the delivery is acknowledged; so is one of a refund set aside already.
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException when the gateway did not answer, and
	 * {@code CallNotPermittedException} while its circuit is open (but on the last receive): only the pending refund
	 * is recorded, and the message comes back
	 */
	void refund(StockRejected rejection, Delivery delivery) {
		refund(rejection, "out of stock: " + String.join(", ", rejection.unavailableSkus()), delivery);
	}

	/**
	 * Compensation: refunds a payment checkout rejected, because its amount was not the order's total or because the
	 * order had been cancelled with nothing to charge, exactly as {@link #refund(StockRejected, Delivery)} does.
	 */
	void refund(PaymentRejected rejection, Delivery delivery) {
		String reason = rejection.authorized().equals(rejection.orderTotal())
				? "the order was cancelled with nothing to charge before its payment of %s was taken"
					.formatted(rejection.authorized())
				: "amount %s is not the order's total %s".formatted(rejection.authorized(), rejection.orderTotal());
		refund(rejection, reason, delivery);
	}

	/** Compensation: the order's fulfillment failed; refunded like a stock rejection. */
	void refund(FulfillmentFailed failure, Delivery delivery) {
		refund(failure, "fulfillment failed: " + failure.reason(), delivery);
	}

	private void refund(OrderEvent compensated, String reason, Delivery delivery) {
		Optional<Payment> found = payments.findByOrderId(compensated.orderId());
		if (found.isEmpty()) {
			log.warn("Order {} needs a refund ({}), but it has no payment: nothing to refund", compensated.orderId(),
					reason);
			return;
		}
		Payment payment = found.get();
		if (payment.getStatus() != PaymentStatus.AUTHORIZED) {
			log.info("Order {} needs a refund ({}); its payment is {}, so there is nothing to refund",
					compensated.orderId(), reason, payment.getStatus());
			closeRefundOfPaymentNoLongerAuthorized(compensated.orderId());
			return;
		}
		RefundAttempt attempt = transactions.execute(status -> refunds.insertIfAbsent(new RefundAttempt(payment,
				refundKey(compensated.orderId()), reason, compensated.eventType(), codec.encode(compensated),
				clock.instant())));
		if (attempt.awaitsReconciliation()) {
			log.error("Order {}'s refund awaits reconciliation (the provider refused it for good: {}): delivery of {} "
					+ "acknowledged and nothing asked; settle it at /api/admin/refund-attempts/{}/settlement",
					compensated.orderId(), attempt.refusal().orElse(null), compensated.eventId(),
					compensated.orderId());
			return;
		}
		if (!attempt.isPending()) {
			log.info("Order {} was refunded meanwhile; delivery of {} had no effect", compensated.orderId(),
					compensated.eventId());
			return;
		}
		try {
			refundAndRecord(compensated, attempt);
		}
		catch (RefundRefusedException | IdempotencyKeyReusedException refused) {
			// Asked again, it is refused again: failing would spend every receive and end in the dead-letter queue,
			// where a redrive gets the same refusal. The set-aside row (refundAndRecord) holds the refund and raises
			// the alarm.
		}
		catch (CallNotPermittedException refused) {
			if (!receiveLimits.isLastReceive(delivery)) {
				throw refused;
			}
			// The gateway was not asked, and the refund is pending: the sweep makes it with its key once the circuit
			// closes. Failing would only spend the last receive and leave the money taken until a redrive.
			log.warn("Order {}: the gateway's open circuit refused its refund on receive {} of {}, the last before the "
					+ "dead-letter queue; acknowledged, its pending refund is left to the sweep", compensated.orderId(),
					delivery.receiveCount(), delivery.queue());
		}
	}

	/**
	 * Resolves a refund left pending ({@link StuckPaymentAttempts}): asks the gateway again with its key, its charge
	 * and its amount, which answers as it did the first time and refunds nothing more, and records it exactly as the
	 * delivery of its compensation would have: the same inbox entry (the compensation's event, so a redrive of its
	 * message finds it applied), the payment refunded, the same {@code PaymentRefunded}.
	 * @return whether this call recorded it; {@code false} when the order had no pending refund (recorded meanwhile, or
	 * set aside)
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException and {@code CallNotPermittedException} as
	 * {@link #refund(StockRejected, Delivery)}; the refund stays pending
	 * @throws RefundRefusedException and {@link IdempotencyKeyReusedException} when the provider refuses it for good,
	 * once it is set aside ({@link #setRefundAside(UUID, String, String)})
	 */
	boolean resolveRefund(UUID orderId) {
		Optional<RefundAttempt> pending = refunds.findById(orderId).filter(RefundAttempt::isPending);
		if (pending.isEmpty() || closeRefundOfPaymentNoLongerAuthorized(orderId)) {
			return false;
		}
		OrderEvent compensated = codec.decode(pending.get().getCompensationType(), pending.get().getCompensation());
		return refundAndRecord(compensated, pending.get());
	}

	/**
	 * Asks the gateway with no transaction open, then records the refund in one; whether this call recorded it. A
	 * refusal for good sets the refund aside, if it is still asked for under the key refused, and is thrown on.
	 */
	private boolean refundAndRecord(OrderEvent compensated, RefundAttempt attempt) {
		String askedKey = attempt.getIdempotencyKey();
		try {
			GatewayClient.await(gateway.refund(askedKey, attempt.getChargeReference(), attempt.getAmount()));
		}
		catch (RefundRefusedException | IdempotencyKeyReusedException refused) {
			setRefundAside(compensated.orderId(), askedKey, refused.getMessage());
			throw refused;
		}
		return Boolean.TRUE.equals(transactions.execute(status -> recordRefund(compensated)));
	}

	/**
	 * Records the refund the gateway just made. The locked refund row, not the inbox, says whether it is recorded: the
	 * gateway refunded, so a pending row is closed whatever the inbox says. Its compensation may be applied already
	 * (an earlier release, which refunded without writing this row, took the delivery before), and then the payment
	 * is refunded already and nothing is announced twice.
	 */
	private boolean recordRefund(OrderEvent compensated) {
		Instant now = clock.instant();
		RefundAttempt attempt = refunds.findLockedById(compensated.orderId()).orElseThrow();
		if (!attempt.refunded(now)) {
			log.info("Order {}'s refund was recorded meanwhile; delivery of {} had no effect", compensated.orderId(),
					compensated.eventId());
			return false;
		}
		refunds.save(attempt);
		inbox.firstDelivery(Payments.CONSUMER, compensated);
		Payment payment = payments.findByOrderId(compensated.orderId()).orElseThrow();
		if (!payment.refund(now)) {
			log.info("Payment {} of order {} is {} already; its pending refund is closed, and not announced again",
					payment.getId(), compensated.orderId(), payment.getStatus());
			return false;
		}
		payments.save(payment);
		outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, new PaymentRefunded(UUID.randomUUID(),
				compensated.orderId(), compensated.customerId(), payment.getId(), payment.getAmount(),
				attempt.getReason(), now));
		log.info("Payment {} of {} for order {} refunded ({})", payment.getId(), payment.getAmount(),
				compensated.orderId(), attempt.getReason());
		return true;
	}

	/**
	 * Sets a pending refund the provider refused for good aside for reconciliation, in a transaction of its own, and
	 * says so at ERROR: asked again it would be refused again, so the sweep would ask for ever, and the payment would
	 * stay authorised with nobody told. A person finds out at the provider what became of the money and settles it.
	 * <p>
	 * Only while it is still asked for under the key refused: a person may have asked for it again under a new key
	 * meanwhile ({@link #retryRefund}), and a late refusal of the old key says nothing of the new one, which the
	 * provider may have made; set aside, the sweep would never ask it again, nor record it.
	 * @param askedKey the key the provider refused
	 * @param refusal what the provider said, kept on the row for that person
	 * @return whether this call set it aside; {@code false} when it is not pending (recorded, or set aside, meanwhile)
	 * or asked for under another key now
	 */
	boolean setRefundAside(UUID orderId, String askedKey, String refusal) {
		return Boolean.TRUE.equals(transactions.execute(status -> {
			Optional<RefundAttempt> found = refunds.findLockedById(orderId);
			if (found.isPresent() && !found.get().getIdempotencyKey().equals(askedKey)) {
				log.warn("Order {}'s refund was refused under key {} ({}), but it is asked for under key {} now: left "
						+ "as it is", orderId, askedKey, refusal, found.get().getIdempotencyKey());
				return false;
			}
			if (found.isEmpty() || !found.get().setAside(String.valueOf(refusal), clock.instant())) {
				return false;
			}
			RefundAttempt attempt = refunds.save(found.get());
			log.error("Order {}'s refund of {} (charge {}, key {}) was refused for good by the provider: {}. Asked again "
					+ "it would be refused again, so nothing asks any more, and the payment stays authorised. Set aside "
					+ "for reconciliation: find out at the provider what became of the money and settle it at "
					+ "/api/admin/refund-attempts/{}/settlement", orderId, attempt.getAmount(),
					attempt.getChargeReference(), attempt.getIdempotencyKey(), refusal, orderId);
			return true;
		}));
	}

	/** The refunds set aside for reconciliation, the longest waiting first. */
	List<RefundAttempt> refundsAwaitingReconciliation() {
		return refunds.findAwaitingReconciliation();
	}

	/**
	 * Settles a refund set aside for reconciliation with what the provider's records say became of the money. A refund
	 * is recorded exactly as the gateway's would have been (the compensation in the inbox, the payment refunded,
	 * {@code PaymentRefunded} with the refund's reason, once), and only once the provider confirms it made it with the
	 * row's key, charge and amount: no service takes money facts from a client on trust. That none was made, nor will
	 * be (the charge was never captured, say), cannot be asked of a provider: the person's word, audited; the row is
	 * closed as not refunded, the compensation applied, and the payment left as it is, with nothing announced.
	 * @throws RefundAttemptNotFoundException when the order has no refund written down
	 * @throws RefundNotAwaitingReconciliationException when its refund is not set aside (pending, or settled)
	 * @throws RefundNotConfirmedException when the provider does not confirm the refund
	 * @throws io.securecart.payment.gateway.GatewayUnavailableException and {@code CallNotPermittedException} when the
	 * provider cannot be asked now; nothing is recorded
	 */
	RefundAttempt settleRefund(UUID orderId, RefundSettlement providerSays) {
		RefundAttempt attempt = refunds.findById(orderId).orElseThrow(() -> new RefundAttemptNotFoundException(orderId));
		if (!attempt.awaitsReconciliation()) {
			throw new RefundNotAwaitingReconciliationException(orderId, attempt.getStatus());
		}
		if (providerSays.refunded() && !Boolean.TRUE.equals(GatewayClient.await(confirmation(attempt, providerSays)))) {
			throw new RefundNotConfirmedException(orderId, providerSays.refundReference(),
					providerSays.madeUnderAnotherKey());
		}
		OrderEvent compensated = codec.decode(attempt.getCompensationType(), attempt.getCompensation());
		boolean settled = Boolean.TRUE.equals(transactions.execute(status -> {
			RefundAttempt locked = refunds.findLockedById(orderId).orElseThrow();
			if (!locked.awaitsReconciliation()) {
				return false;
			}
			if (providerSays.refunded()) {
				recordRefund(compensated);
			}
			else {
				locked.notRefunded(clock.instant());
				refunds.save(locked);
				inbox.firstDelivery(Payments.CONSUMER, compensated);
			}
			return true;
		}));
		RefundAttempt now = refunds.findById(orderId).orElseThrow();
		if (!settled) {
			throw new RefundNotAwaitingReconciliationException(orderId, now.getStatus());
		}
		log.warn("Order {}'s refund set aside for reconciliation was settled: {}", orderId, providerSays);
		return now;
	}

	/**
	 * The provider's confirmation of the refund a settlement names: made with the row's key, charge and amount, or,
	 * for one made by hand at the provider, of the row's charge and amount under whatever key.
	 */
	private CompletableFuture<Boolean> confirmation(RefundAttempt attempt, RefundSettlement providerSays) {
		if (providerSays.madeUnderAnotherKey()) {
			return gateway.madeRefundUnderAnyKey(providerSays.refundReference(), attempt.getChargeReference(),
					attempt.getAmount());
		}
		return gateway.madeRefund(providerSays.refundReference(), attempt.getIdempotencyKey(),
				attempt.getChargeReference(), attempt.getAmount());
	}

	/**
	 * Asks again, under a new key, for a refund set aside for reconciliation: a person's answer to a refusal a new key
	 * may not get (the key reused with other parameters, our bug). The row goes back to pending under the key of its
	 * next retry ({@link #refundKey(UUID, int)}), in a transaction that holds it locked: two clicks take turns, and the
	 * second finds it pending (or refunded) and is refused, so a retry has one key. The sweep's line starts again from
	 * now, and the refund is asked for at once, as a delivery would: refunded and recorded (one
	 * {@code PaymentRefunded}), set aside again with the new refusal, or left pending for the sweep while the gateway
	 * cannot answer. It never gives back twice: a refund the provider made already under an earlier key, or by hand,
	 * left the charge nothing, and the provider refuses a refund of more than the charge has left (ADR 45).
	 * @return the refund as the retry left it
	 * @throws RefundAttemptNotFoundException when the order has no refund written down
	 * @throws RefundNotAwaitingReconciliationException when its refund is not set aside (pending, or settled)
	 */
	RefundAttempt retryRefund(UUID orderId) {
		Instant now = clock.instant();
		RefundAttempt retried = transactions.execute(status -> {
			RefundAttempt locked = refunds.findLockedById(orderId)
				.orElseThrow(() -> new RefundAttemptNotFoundException(orderId));
			if (!locked.retry(retry -> refundKey(orderId, retry))) {
				throw new RefundNotAwaitingReconciliationException(orderId, locked.getStatus());
			}
			RefundAttempt saved = refunds.save(locked);
			// The sweep waits resolve-after from now, as from a first write: the call below is this retry's.
			refunds.tried(orderId, now);
			return saved;
		});
		log.warn("Order {}'s refund set aside for reconciliation is asked for again under key {} (retry {})", orderId,
				retried.getIdempotencyKey(), retried.getRetries());
		try {
			resolveRefund(orderId);
		}
		catch (RefundRefusedException | IdempotencyKeyReusedException refused) {
			log.warn("Order {}'s retried refund was refused again: {}", orderId, refused.getMessage());
		}
		catch (CallNotPermittedException | GatewayUnavailableException unavailable) {
			log.warn("Order {}'s retried refund could not be asked now ({}); it is pending, left to the sweep",
					orderId, unavailable.toString());
		}
		return refunds.findById(orderId).orElseThrow();
	}

	/**
	 * Closes the order's pending refund, asking nothing of the gateway, when its payment is no longer authorised:
	 * refunded by another path (an earlier release, which kept no refund row, or a person), so the sweep would ask
	 * again for ever and never record it.
	 * @return whether the payment is no longer authorised (and so a pending refund, if any, is closed)
	 */
	private boolean closeRefundOfPaymentNoLongerAuthorized(UUID orderId) {
		return Boolean.TRUE.equals(transactions.execute(status -> {
			Optional<Payment> payment = payments.findByOrderId(orderId);
			if (payment.isPresent() && payment.get().getStatus() == PaymentStatus.AUTHORIZED) {
				return false;
			}
			refunds.findLockedById(orderId).filter(RefundAttempt::isPending).ifPresent(pending -> {
				pending.refunded(clock.instant());
				refunds.save(pending);
				log.warn("Order {}'s pending refund is closed without asking the gateway: its payment is {}",
						orderId, payment.map(Payment::getStatus).orElse(null));
			});
			return true;
		}));
	}

	/**
	 * The idempotency key of the order's refund. A provider keeps one key space for all its operations: a refund sent
	 * with the charge's key would get the charge's answer, or be refused as a key reused with other parameters.
	 */
	static String refundKey(UUID orderId) {
		return "refund:" + orderId;
	}

	/**
	 * The key of the order's refund asked for again by a person ({@link #retryRefund(UUID)}): derived from the retry's
	 * number, never random, so that the retry has one key however often it is asked; its number 0 is the first key.
	 */
	static String refundKey(UUID orderId, int retry) {
		return retry == 0 ? refundKey(orderId) : refundKey(orderId) + ":" + retry;
	}
}
