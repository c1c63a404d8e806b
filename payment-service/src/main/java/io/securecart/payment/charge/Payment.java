package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.securecart.contracts.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The payment of one order (at most one: {@code order_id} is unique). It is created authorised or declined, by the
 * gateway's answer, and an authorised payment can be refunded once. No card data is kept: only the gateway's
 * reference to the charge.
 */
@Entity
@Table(name = "payment")
class Payment {

	@Id
	private UUID id;

	@Column(nullable = false, updatable = false, unique = true)
	private UUID orderId;

	@Column(nullable = false, updatable = false)
	private String customerId;

	@Column(nullable = false, updatable = false, precision = 12, scale = 2)
	private BigDecimal amount;

	@Column(nullable = false, updatable = false, length = 3)
	private String currency;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private PaymentStatus status;

	private String declineReason;

	private String gatewayReference;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(nullable = false)
	private Instant updatedAt;

	@Version
	private Long version;

	/** For JPA. */
	protected Payment() {
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
