package io.securecart.payment.charge;

import java.math.BigDecimal;
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
 * gateway may have made and nobody recorded; {@link StuckPaymentAttempts} asks again with the same key.
 * <p>
 * A pending attempt is not a payment: the order's {@link Payment} exists only once the answer is recorded.
 * <p>
 * Saving it writes every column: its order, customer, key, amount and creation time stay as they were created only
 * because nothing but its constructor sets them.
 */
@Table("payment_attempt")
class PaymentAttempt {

	enum Status {

		PENDING, AUTHORIZED, DECLINED

	}

	@Id
	private UUID orderId;

	private String customerId;

	private String idempotencyKey;

	private BigDecimal amount;

	private String currency;

	/** The {@code OrderPlaced} to charge, as it arrived, token included; cleared once the answer is recorded. */
	private String orderToCharge;

	private Status status;

	private Instant createdAt;

	private Instant resolvedAt;

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
	 * Records the gateway's answer, if none was recorded yet, and forgets the order and its token.
	 * @return {@code false}, changing nothing, when an answer was recorded already: a decline is never overwritten
	 * by an authorisation, nor an authorisation by a decline
	 */
	boolean answered(Authorization answer, Instant now) {
		if (status != Status.PENDING) {
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

	/** The order to charge, while the answer is not recorded. */
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

	@Override
	public String toString() {
		return "PaymentAttempt[orderId=%s, status=%s, amount=%s]".formatted(orderId, status, getAmount());
	}
}
