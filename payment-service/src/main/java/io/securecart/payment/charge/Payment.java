package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.securecart.contracts.Money;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The payment of one order (at most one: {@code order_id} is unique). It is created authorised or declined, by the
 * gateway's answer, and an authorised payment can be refunded once. No card data is kept: only the gateway's
 * reference to the charge.
 * <p>
 * Saving it writes every column, so its order, customer, amount, currency and creation time stay as they were
 * created only because nothing but its constructor sets them: keep it that way.
 */
@Table("payment")
class Payment {

	@Id
	private UUID id;

	private UUID orderId;

	private String customerId;

	private BigDecimal amount;

	private String currency;

	private PaymentStatus status;

	private String declineReason;

	private String gatewayReference;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	private Payment() {
		// read from the database
	}

	private Payment(UUID orderId, String customerId, Money amount, PaymentStatus status, String gatewayReference,
			String declineReason, Instant now) {
		this.id = UUID.randomUUID();
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.amount = amount.amount();
		this.currency = amount.currency();
		this.status = status;
		this.gatewayReference = gatewayReference;
		this.declineReason = declineReason;
		this.createdAt = now;
		this.updatedAt = now;
	}

	static Payment authorized(UUID orderId, String customerId, Money amount, String gatewayReference, Instant now) {
		return new Payment(orderId, customerId, amount, PaymentStatus.AUTHORIZED,
				Objects.requireNonNull(gatewayReference, "gatewayReference"), null, now);
	}

	static Payment declined(UUID orderId, String customerId, Money amount, String declineReason, Instant now) {
		return new Payment(orderId, customerId, amount, PaymentStatus.DECLINED, null,
				Objects.requireNonNull(declineReason, "declineReason"), now);
	}

	/**
	 * Marks an authorised payment refunded.
	 * @return {@code false}, changing nothing, when the payment is not authorised: a declined payment charged
	 * nothing, and a refunded one is never refunded twice
	 */
	boolean refund(Instant now) {
		if (status != PaymentStatus.AUTHORIZED) {
			return false;
		}
		status = PaymentStatus.REFUNDED;
		updatedAt = now;
		return true;
	}

	UUID getId() {
		return id;
	}

	UUID getOrderId() {
		return orderId;
	}

	String getCustomerId() {
		return customerId;
	}

	Money getAmount() {
		return new Money(amount, currency);
	}

	PaymentStatus getStatus() {
		return status;
	}

	String getDeclineReason() {
		return declineReason;
	}

	String getGatewayReference() {
		return gatewayReference;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Instant getUpdatedAt() {
		return updatedAt;
	}

	@Override
	public String toString() {
		return "Payment[id=%s, orderId=%s, status=%s, amount=%s]".formatted(id, orderId, status, getAmount());
	}
}
