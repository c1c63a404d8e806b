package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The intent to refund one order's payment, written in a transaction of its own before the gateway is asked (ADR 45),
 * as a charge's {@link PaymentAttempt} is: the refund's idempotency key, the charge it gives back and the amount (a
 * provider refuses the same key with other parameters, so asking again must ask the same), why, and the compensation
 * that asked for it, as it arrived ({@code StockRejected}, {@code FulfillmentFailed} or {@code PaymentRejected}): its
 * id is the inbox entry the sweep records, as the delivery would have. The transaction that records the refund moves
 * it from {@link Status#PENDING} to {@link Status#REFUNDED}, once. One still pending is a refund the gateway may have
 * made, or was never asked for (its circuit was open), that nobody recorded: {@link StuckPaymentAttempts} asks again
 * with the same key.
 * <p>
 * A pending refund is not a refunded payment: the order's {@link Payment} stays authorised until the refund is
 * recorded, and the money is the customer's again only then.
 * <p>
 * Saving it writes every column: what it was written with stays as it was only because nothing but its constructor
 * sets it.
 */
@Table("refund_attempt")
class RefundAttempt {

	enum Status {

		PENDING, REFUNDED

	}

	@Id
	private UUID orderId;

	private UUID paymentId;

	private String customerId;

	private String idempotencyKey;

	private String chargeReference;

	private BigDecimal amount;

	private String currency;

	private String reason;

	/** The {@code eventType} of {@link #compensation}, to read it back. */
	private String compensationType;

	/** The compensation that asked for the refund, as it arrived (no payment data: it names the order). */
	private String compensation;

	private Status status;

	private Instant createdAt;

	private Instant refundedAt;

	@Version
	private Long version;

	private RefundAttempt() {
		// read from the database
	}

	RefundAttempt(Payment payment, String idempotencyKey, String reason, String compensationType,
			String encodedCompensation, Instant now) {
		this.orderId = payment.getOrderId();
		this.paymentId = payment.getId();
		this.customerId = payment.getCustomerId();
		this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		this.chargeReference = Objects.requireNonNull(payment.getGatewayReference(), "the payment's charge reference");
		this.amount = payment.getAmount().amount();
		this.currency = payment.getAmount().currency();
		this.reason = Objects.requireNonNull(reason, "reason");
		this.compensationType = Objects.requireNonNull(compensationType, "compensationType");
		this.compensation = Objects.requireNonNull(encodedCompensation, "encodedCompensation");
		this.status = Status.PENDING;
		this.createdAt = now;
	}

	/**
	 * Records that the gateway refunded it, if that was not recorded yet.
	 * @return {@code false}, changing nothing, when it was recorded already: a refund is announced once
	 */
	boolean refunded(Instant now) {
		if (status != Status.PENDING) {
			return false;
		}
		status = Status.REFUNDED;
		refundedAt = now;
		return true;
	}

	boolean isPending() {
		return status == Status.PENDING;
	}

	UUID getOrderId() {
		return orderId;
	}

	UUID getPaymentId() {
		return paymentId;
	}

	String getCustomerId() {
		return customerId;
	}

	String getIdempotencyKey() {
		return idempotencyKey;
	}

	String getChargeReference() {
		return chargeReference;
	}

	Money getAmount() {
		return new Money(amount, currency);
	}

	String getReason() {
		return reason;
	}

	String getCompensationType() {
		return compensationType;
	}

	String getCompensation() {
		return compensation;
	}

	Status getStatus() {
		return status;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Optional<Instant> refundedAt() {
		return Optional.ofNullable(refundedAt);
	}

	@Override
	public String toString() {
		return "RefundAttempt[orderId=%s, status=%s, amount=%s]".formatted(orderId, status, getAmount());
	}
}
