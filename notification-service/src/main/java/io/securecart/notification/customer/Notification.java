package io.securecart.notification.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * What a customer was told about their order, and when: one per customer-facing event. Recorded with the event it
 * answers, and sent after that commit ({@link NotificationDelivery}): claimed by one sender for a while, then sent, or
 * tried again later. The message is written for the customer and never holds payment data (no token, no provider's
 * decline reason).
 */
@Table("notification")
public class Notification {

	@Id
	private UUID id;

	private UUID eventId;

	private UUID orderId;

	private String customerId;

	private NotificationKind kind;

	private String message;

	private Instant createdAt;

	private Instant sentAt;

	private Instant lastAttemptAt;

	private Instant claimedUntil;

	/** How many of its sends failed: each failure makes the wait before the next try longer. */
	private int failedAttempts;

	/**
	 * When the {@code resend-interval} before its next try starts counting: its last failure, moved later by the
	 * back-off of its failures ({@link NotificationProperties#backOffAfter}); null until a send of it fails here.
	 */
	private Instant retryFrom;

	@Version
	private Long version;

	private Notification(OrderEvent event, NotificationKind kind, String message, Instant now) {
		this.id = UUID.randomUUID();
		this.eventId = event.eventId();
		this.orderId = event.orderId();
		this.customerId = event.customerId();
		this.kind = kind;
		this.message = message;
		this.createdAt = now;
	}

	private Notification(UUID eventId, String customerId, NotificationKind kind, String message, Instant now) {
		this.id = UUID.randomUUID();
		this.eventId = eventId;
		this.customerId = customerId;
		this.kind = kind;
		this.message = message;
		this.createdAt = now;
	}

	/** The product {@code customerId} asked about is back: one notification per customer for the same event. */
	static Notification backInStock(StockLevelChanged event, String customerId, Instant now) {
		return new Notification(event.eventId(), customerId, NotificationKind.BACK_IN_STOCK,
				backInStockMessage(event), now);
	}

	/** What each customer waiting for the product is told when it is back (a page of them written at once). */
	static String backInStockMessage(StockLevelChanged event) {
		if (!event.backInStock()) {
			throw new IllegalArgumentException("%s is not back in stock: %s -> %s".formatted(event.sku(),
					event.previous(), event.current()));
		}
		return "Good news: %s is back in stock.".formatted(event.sku());
	}

	private Notification() {
		// read from the database
	}

	/**
	 * The notification an event calls for. Every event type is named, so a new event type does not compile until
	 * someone decides whether customers hear about it.
	 * @throws NotCustomerFacingEventException for an event customers are not told about
	 */
	static Notification about(OrderEvent event, Instant now) {
		return switch (event) {
			case OrderShipped shipped -> new Notification(shipped, NotificationKind.ORDER_SHIPPED,
					"Your order %s is on its way. Tracking number: %s.".formatted(shipped.orderId(),
							shipped.trackingNumber()), now);
			case PaymentDeclined declined -> new Notification(declined, NotificationKind.PAYMENT_DECLINED,
					"We could not take the payment for your order %s, so we have cancelled it. You have not been charged."
						.formatted(declined.orderId()), now);
			case PaymentRefunded refunded -> new Notification(refunded, NotificationKind.ORDER_CANCELLED_REFUNDED,
					"Sorry, we could not fulfil your order %s and have cancelled it. Your payment of %s has been refunded."
						.formatted(refunded.orderId(), refunded.amount()), now);
			// Never "fraud" to the customer: the verdict may be wrong, and its reasons are for reviewers.
			case FraudScreeningFailed failed -> new Notification(failed, NotificationKind.ORDER_CANCELLED_NOT_CHARGED,
					"We could not confirm your order %s, so we have cancelled it. You have not been charged."
						.formatted(failed.orderId()), now);
			// Payment hears FulfillmentFailed at the same time and refunds after it: the refund is promised, not
			// reported (a PaymentRefunded that comes later adds nothing, it is the same cancellation).
			case FulfillmentFailed failed -> new Notification(failed, NotificationKind.ORDER_CANCELLED_REFUNDED,
					("Sorry, we could not fulfil your order %s and have cancelled it. Your payment will be refunded in"
							+ " full.").formatted(failed.orderId()), now);
			case OrderPlaced placed -> throw new NotCustomerFacingEventException(placed);
			case FraudReviewRequired review -> throw new NotCustomerFacingEventException(review);
			case FraudScreeningPassed passed -> throw new NotCustomerFacingEventException(passed);
			case PaymentAuthorized authorized -> throw new NotCustomerFacingEventException(authorized);
			case StockReserved reserved -> throw new NotCustomerFacingEventException(reserved);
			case StockRejected rejected -> throw new NotCustomerFacingEventException(rejected);
			case PaymentRejected rejected -> throw new NotCustomerFacingEventException(rejected);
		};
	}

	boolean isSent() {
		return sentAt != null;
	}

	/** Whether a sender holds it at {@code now}: another may take it only once that claim has run out. */
	boolean isClaimedAt(Instant now) {
		return claimedUntil != null && claimedUntil.isAfter(now);
	}

	/**
	 * Taken by a sender for {@code claimFor}: no other sender takes it meanwhile. Saved before the channel is called,
	 * so the call holds no lock; a sender that outlives its claim may find the notification claimed again, and its
	 * outcome is then refused on the version this claim wrote.
	 */
	void claim(Instant now, Duration claimFor) {
		if (isSent()) {
			throw new IllegalStateException("Notification %s was already sent at %s".formatted(id, sentAt));
		}
		if (isClaimedAt(now)) {
			throw new IllegalStateException("Notification %s is claimed until %s".formatted(id, claimedUntil));
		}
		this.claimedUntil = now.plus(claimFor);
	}

	/** The channel took it. */
	void sent(Instant now) {
		requireClaimed();
		this.sentAt = now;
		this.claimedUntil = null;
	}

	/**
	 * The channel refused it, or did not answer in time: its next try waits {@code backOff} longer than the
	 * {@code resend-interval}, behind its kind's notices due before then.
	 */
	void attemptFailed(Instant now, Duration backOff) {
		requireClaimed();
		this.lastAttemptAt = now;
		this.retryFrom = now.plus(backOff);
		this.failedAttempts++;
		this.claimedUntil = null;
	}

	/**
	 * Its place in the sweep's line, and when its {@code resend-interval} starts counting: its recording, or its last
	 * failed send moved later by its back-off; as the sweep's query reads it.
	 */
	Instant waitingSince() {
		Instant tried = lastAttemptAt == null || (retryFrom != null && retryFrom.isAfter(lastAttemptAt)) ? retryFrom
				: lastAttemptAt;
		return tried != null ? tried : createdAt;
	}

	private void requireClaimed() {
		if (isSent()) {
			throw new IllegalStateException("Notification %s was already sent at %s".formatted(id, sentAt));
		}
		if (claimedUntil == null) {
			throw new IllegalStateException("Notification %s is not claimed by a sender".formatted(id));
		}
	}

	public UUID getId() {
		return id;
	}

	public UUID getEventId() {
		return eventId;
	}

	public UUID getOrderId() {
		return orderId;
	}

	public String getCustomerId() {
		return customerId;
	}

	public NotificationKind getKind() {
		return kind;
	}

	public String getMessage() {
		return message;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public Instant getSentAt() {
		return sentAt;
	}

	Instant getLastAttemptAt() {
		return lastAttemptAt;
	}

	Instant getClaimedUntil() {
		return claimedUntil;
	}

	int getFailedAttempts() {
		return failedAttempts;
	}

	Instant getRetryFrom() {
		return retryFrom;
	}
}
