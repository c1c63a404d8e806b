package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

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
 * with the same key. One the provider refuses for good ({@code RefundRefusedException}: no such charge, nothing left to
 * give back, its key reused) is {@link Status#NEEDS_RECONCILIATION}, set aside with the refusal: asked again it would
 * be refused again, so nothing asks any more, and a person settles it, {@link Status#REFUNDED} with a refund the
 * provider confirms (made under its key, or by hand under another), or {@link Status#NOT_REFUNDED} on their word; or
 * asks for it again under a new key ({@link #retry}), {@link Status#PENDING} once more.
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

		PENDING, REFUNDED,

		/**
		 * Refused for good by the provider: nothing asks the gateway for it any more, and a person finds out from the
		 * provider what became of the money and settles it ({@link #refunded}, {@link #notRefunded}).
		 */
		NEEDS_RECONCILIATION,

		/**
		 * Settled by a person: the provider never refunded it and will not (the charge was never captured, say). The
		 * payment stays as the provider's books say it is, and nothing is announced.
		 */
		NOT_REFUNDED

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

	private Instant setAsideAt;

	/** The provider's refusal, as it said it, once set aside. */
	private String refusal;

	/**
	 * When it left {@link Status#NEEDS_RECONCILIATION}: settled by a person, as a rule, or recorded refunded by a call
	 * that asked before the refusal set it aside.
	 */
	private Instant settledAt;

	/**
	 * How many times a person asked for it again under a new key ({@link #retry}); the key says which
	 * ({@code refund:<order>:<retries>}). The provider's refusal and when it was set aside stay, as the last ones.
	 */
	private int retries;

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
	 * Records that the gateway refunded it, if that was not recorded yet. One set aside for reconciliation takes it
	 * too: from a call that was refunded before another was refused, or from the person who found the refund at the
	 * provider.
	 * @return {@code false}, changing nothing, when it was recorded already, or settled as not refunded: a refund is
	 * announced once
	 */
	boolean refunded(Instant now) {
		if (status != Status.PENDING && status != Status.NEEDS_RECONCILIATION) {
			return false;
		}
		if (status == Status.NEEDS_RECONCILIATION) {
			settledAt = now;
		}
		status = Status.REFUNDED;
		refundedAt = now;
		return true;
	}

	/**
	 * Sets a pending refund aside for reconciliation: the provider refused it for good, and would refuse it again.
	 * @param refusal what the provider said, kept for the person who settles it
	 * @return {@code false}, changing nothing, when it is not pending (recorded, or set aside, meanwhile)
	 */
	boolean setAside(String refusal, Instant now) {
		if (status != Status.PENDING) {
			return false;
		}
		status = Status.NEEDS_RECONCILIATION;
		this.refusal = Objects.requireNonNull(refusal, "refusal");
		setAsideAt = now;
		return true;
	}

	/**
	 * Settles a refund set aside as never made, and never to be made, on a person's word: no provider can be asked
	 * that it made none.
	 * @return {@code false}, changing nothing, when it is not set aside
	 */
	boolean notRefunded(Instant now) {
		if (status != Status.NEEDS_RECONCILIATION) {
			return false;
		}
		status = Status.NOT_REFUNDED;
		settledAt = now;
		return true;
	}

	/**
	 * Moves a refund set aside back to pending under the key of its next retry, for a person who asks for it again:
	 * its key was refused for good (reused with other parameters, say), and a new key is a new refund to the provider.
	 * It never gives back twice: the provider refuses a refund of more than the charge has left (ADR 45).
	 * @param keyOfRetry the key of retry number n, from 1: derived, never random, so a retry has one key
	 * @return {@code false}, changing nothing, when it is not set aside (asked for again, or settled, meanwhile)
	 */
	boolean retry(IntFunction<String> keyOfRetry) {
		if (status != Status.NEEDS_RECONCILIATION) {
			return false;
		}
		retries++;
		idempotencyKey = Objects.requireNonNull(keyOfRetry.apply(retries), "the retry's key");
		status = Status.PENDING;
		return true;
	}

	boolean isPending() {
		return status == Status.PENDING;
	}

	boolean awaitsReconciliation() {
		return status == Status.NEEDS_RECONCILIATION;
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

	Optional<Instant> setAsideAt() {
		return Optional.ofNullable(setAsideAt);
	}

	Optional<String> refusal() {
		return Optional.ofNullable(refusal);
	}

	Optional<Instant> settledAt() {
		return Optional.ofNullable(settledAt);
	}

	int getRetries() {
		return retries;
	}

	@Override
	public String toString() {
		return "RefundAttempt[orderId=%s, status=%s, amount=%s]".formatted(orderId, status, getAmount());
	}
}
