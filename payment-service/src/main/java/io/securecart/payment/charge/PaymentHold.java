package io.securecart.payment.charge;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A high-value order whose payment waits for its fraud verdict. The order ({@code OrderPlaced}, with its token) and
 * the verdict may arrive in either order; whichever comes second releases the hold. The first verdict is final, and
 * once released the held order (and its token) is forgotten.
 * <p>
 * Saving it writes every column: its customer and creation time stay as they were created only because nothing but
 * its constructor sets them.
 */
@Table("payment_hold")
class PaymentHold {

	enum Verdict {

		PASSED, FAILED

	}

	@Id
	private UUID orderId;

	private String customerId;

	/** The held {@code OrderPlaced} as it arrived, token included; cleared once released. */
	private String heldOrder;

	private Verdict verdict;

	private String verdictBy;

	private Instant createdAt;

	private Instant releasedAt;

	@Version
	private Long version;

	private PaymentHold() {
		// read from the database
	}

	PaymentHold(UUID orderId, String customerId, Instant now) {
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.createdAt = now;
	}

	/** Keeps the order until its verdict, unless the hold was already released (a redelivery). */
	void hold(String encodedOrder) {
		if (releasedAt == null && heldOrder == null) {
			heldOrder = encodedOrder;
		}
	}

	/** Records the verdict, if it is the first. */
	void decide(Verdict outcome, String by) {
		if (verdict == null) {
			verdict = outcome;
			verdictBy = by;
		}
	}

	/** The held order, to charge now: there is one, and it passed. */
	Optional<String> orderToCharge() {
		return verdict == Verdict.PASSED && releasedAt == null ? Optional.ofNullable(heldOrder) : Optional.empty();
	}

	/**
	 * The payment was decided (charged, or refused by the gateway), its charge was set aside for reconciliation, or
	 * the order failed screening: forget the order.
	 */
	void release(Instant now) {
		if (releasedAt == null) {
			heldOrder = null;
			releasedAt = now;
		}
	}

	Optional<Verdict> verdict() {
		return Optional.ofNullable(verdict);
	}

	UUID getOrderId() {
		return orderId;
	}

	boolean isReleased() {
		return releasedAt != null;
	}

	boolean isHoldingAnOrder() {
		return heldOrder != null;
	}
}
