package io.securecart.notification.customer;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A customer's "tell me when this SKU is back in stock": waiting until the product comes back, then notified once.
 * Asking again after being told waits for the next time.
 */
@Table("back_in_stock_request")
class BackInStockRequest {

	@Id
	private UUID id;

	private String customerId;

	private String sku;

	private Instant requestedAt;

	private Instant notifiedAt;

	private UUID notifiedBy;

	@Version
	private Long version;

	private BackInStockRequest() {
		// read from the database
	}

	private BackInStockRequest(String customerId, String sku, Instant now) {
		this.id = UUID.randomUUID();
		this.customerId = customerId;
		this.sku = sku;
		this.requestedAt = now;
	}

	static BackInStockRequest of(String customerId, String sku, Instant now) {
		return new BackInStockRequest(customerId, sku, now);
	}

	boolean isWaiting() {
		return notifiedAt == null;
	}

	/** Asked again: a request already waiting keeps its place; one that was answered waits for the next time. */
	void askAgain(Instant now) {
		if (!isWaiting()) {
			this.requestedAt = now;
			this.notifiedAt = null;
			this.notifiedBy = null;
		}
	}

	/** The product came back, announced by {@code eventId}: the customer is told, once. */
	void notified(UUID eventId, Instant now) {
		if (!isWaiting()) {
			throw new IllegalStateException("Request of %s for %s was already answered by %s".formatted(customerId,
					sku, notifiedBy));
		}
		this.notifiedAt = now;
		this.notifiedBy = eventId;
	}

	String getCustomerId() {
		return customerId;
	}

	String getSku() {
		return sku;
	}

	Instant getRequestedAt() {
		return requestedAt;
	}

	Instant getNotifiedAt() {
		return notifiedAt;
	}
}
