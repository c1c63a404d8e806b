package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.payment.gateway.Authorization;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The intent to charge one order, written in a transaction of its own before the gateway is asked (ADR 42): the
 * idempotency key the charge is made with, the amount, and the order as it arrived ({@code OrderPlaced}, its token and
 * lines), which is what asking again and announcing the answer need. The transaction that records the gateway's
 * answer moves it from {@link Status#PENDING} to {@link Status#AUTHORIZED} or {@link Status#DECLINED}, once: the first
 * answer recorded is final, and the order (with its token) is forgotten then. One still pending is a charge the
 * gateway may have made and nobody recorded; {@link StuckPaymentAttempts} asks again with the same key, but only
 * within the provider's key window: one pending longer is {@link Status#NEEDS_RECONCILIATION}, set aside for a person,
 * since asking with a key the provider forgot is a second charge. Its order is kept without the token then.
 * <p>
 * A pending attempt is not a payment: the order's {@link Payment} exists only once the answer is recorded.
 * <p>
 * Saving it writes every column: its order, customer, key, amount and creation time stay as they were created only
 * because nothing but its constructor sets them.
 */
@Table("payment_attempt")
class PaymentAttempt {

	enum Status {

		PENDING, AUTHORIZED, DECLINED,

		/**
		 * Pending longer than the provider keeps its key: nothing asks the gateway for it any more, and a person finds
		 * out from the provider what became of the key and settles it ({@link #answered}).
		 */
		NEEDS_RECONCILIATION

	}

	@Id
	private UUID orderId;

	private String customerId;

	private String idempotencyKey;

	private BigDecimal amount;

	private String currency;

	/**
	 * The {@code OrderPlaced} to charge, as it arrived, token included; without its token once set aside (what settling
	 * it needs: its lines); cleared once the answer is recorded.
	 */
	private String orderToCharge;

	private Status status;

	private Instant createdAt;

	private Instant resolvedAt;

	private Instant setAsideAt;

	@Version
	private Long version;

	private PaymentAttempt() {
		// read from the database
	}

	PaymentAttempt(UUID orderId, String customerId, String idempotencyKey, Money amount, String encodedOrder,
			Instant now) {
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		this.amount = amount.amount();
		this.currency = amount.currency();
		this.orderToCharge = Objects.requireNonNull(encodedOrder, "encodedOrder");
		this.status = Status.PENDING;
		this.createdAt = now;
	}

	/**
	 * Records the gateway's answer, if none was recorded yet, and forgets the order and its token. One set aside for
	 * reconciliation takes it too: from a call that asked while the key was still kept, or from the person who looked
	 * the key up at the provider.
	 * @return {@code false}, changing nothing, when an answer was recorded already: a decline is never overwritten
	 * by an authorisation, nor an authorisation by a decline
	 */
	boolean answered(Authorization answer, Instant now) {
		if (status != Status.PENDING && status != Status.NEEDS_RECONCILIATION) {
			return false;
		}
		status = switch (answer) {
			case Authorization.Approved approved -> Status.AUTHORIZED;
			case Authorization.Declined declined -> Status.DECLINED;
		};
		orderToCharge = null;
		resolvedAt = now;
		return true;
	}

	boolean isPending() {
		return status == Status.PENDING;
	}

	/**
	 * Whether the gateway may still be asked with its key: the provider answers a key it keeps with the first
	 * answer, and takes one it forgot for a new charge. Counted from when the attempt was written, just before the key
	 * was first sent.
	 */
	boolean withinKeyWindow(Instant now, Duration keyWindow) {
		return now.isBefore(createdAt.plus(keyWindow));
	}

	/**
	 * Sets a pending attempt aside for reconciliation once its key window has passed: nothing asks the gateway for it
	 * again, and its order is kept without its payment token, which must not outlive the attempt's last chance to
	 * charge.
	 * @param orderWithoutToken the order as it arrived, its payment token removed: what settling it needs
	 * @return {@code false}, changing nothing, when it is not pending, or still within its key window
	 */
	boolean setAside(String orderWithoutToken, Instant now, Duration keyWindow) {
		if (status != Status.PENDING || withinKeyWindow(now, keyWindow)) {
			return false;
		}
		status = Status.NEEDS_RECONCILIATION;
		orderToCharge = Objects.requireNonNull(orderWithoutToken, "orderWithoutToken");
		setAsideAt = now;
		return true;
	}

	boolean awaitsReconciliation() {
		return status == Status.NEEDS_RECONCILIATION;
	}

	/** The order to charge, while the answer is not recorded; without its token once set aside. */
	Optional<String> orderToCharge() {
		return Optional.ofNullable(orderToCharge);
	}

	UUID getOrderId() {
		return orderId;
	}

	String getCustomerId() {
		return customerId;
	}

	String getIdempotencyKey() {
		return idempotencyKey;
	}

	Money getAmount() {
		return new Money(amount, currency);
	}

	Status getStatus() {
		return status;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Optional<Instant> resolvedAt() {
		return Optional.ofNullable(resolvedAt);
	}

	Optional<Instant> setAsideAt() {
		return Optional.ofNullable(setAsideAt);
	}

	@Override
	public String toString() {
		return "PaymentAttempt[orderId=%s, status=%s, amount=%s]".formatted(orderId, status, getAmount());
	}
}
