package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The fulfilment of one order, run by a Step Functions execution named after the order: {@code STARTING} →
 * {@code RUNNING} → {@code SHIPPED} (then invoiced) or {@code FAILED}; or {@code CANCELLED}, from any state before
 * those two, when checkout cancelled the order after its payment (ADR 44). It guards its own transitions: it ends
 * once, so {@code OrderShipped} or {@code FulfillmentFailed} is announced once, and never both, and neither for a
 * cancelled order; and once its parcels left it can neither fail nor be cancelled, for goods that left cannot be given
 * back to the shelves.
 */
@Table("fulfillment")
public class OrderFulfillment {

	@Id
	private UUID orderId;

	private String customerId;

	/** In {@code fulfillment_line}, by {@code line_number}: the line's index in this list, from 0. */
	@MappedCollection(idColumn = "order_id", keyColumn = "line_number")
	private List<FulfillmentLine> lines = new ArrayList<>();

	private FulfillmentStatus status;

	private String executionArn;

	private String trackingNumber;

	private String invoiceNumber;

	private String failureError;

	private String failureCause;

	private Instant createdAt;

	private Instant completedAt;

	/** When the warehouse and the carrier called off what they held for the failed order; null until then. */
	private Instant warehouseReleasedAt;

	/** Null until first saved, which is how Spring Data tells a new fulfilment from one to update. */
	@Version
	private Long version;

	OrderFulfillment(UUID orderId, String customerId, List<OrderLine> lines, Instant now) {
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.lines = new ArrayList<>(lines.stream().map(FulfillmentLine::of).toList());
		this.status = FulfillmentStatus.STARTING;
		this.createdAt = now;
	}

	private OrderFulfillment() {
		// read from the database
	}

	/**
	 * The fulfilment of an order cancelled before its stock was reserved here ({@code PaymentRejected} came before
	 * {@code StockReserved}, which SNS to SQS may deliver in either order): kept so that StockReserved starts nothing.
	 * It has no lines, no execution and never reached the warehouse, so it owes it nothing.
	 */
	static OrderFulfillment cancelledBeforeItStarted(UUID orderId, String customerId, String error, String cause,
			Instant now) {
		OrderFulfillment fulfillment = new OrderFulfillment(orderId, customerId, List.of(), now);
		fulfillment.cancelled(error, cause, now);
		fulfillment.warehouseReleasedAt = now;
		return fulfillment;
	}

	/** The execution exists (started now, or found already started). A no-op once it is known. */
	void executionStarted(String executionArn) {
		if (status == FulfillmentStatus.STARTING) {
			this.executionArn = Objects.requireNonNull(executionArn, "executionArn");
			this.status = FulfillmentStatus.RUNNING;
		}
	}

	/**
	 * The carrier took the consignment (Ship books it once; a retry of Ship uses it again). A no-op once booked.
	 */
	void consignmentBooked(String trackingNumber) {
		requireNotCalledOff("book a carrier for");
		if (this.trackingNumber == null) {
			this.trackingNumber = Objects.requireNonNull(trackingNumber, "trackingNumber");
		}
	}

	/**
	 * The order's parcels left together under its consignment: the goods are gone, so from here on nothing can fail
	 * the order; only its invoice is still to issue ({@link #invoiced}).
	 * @return the {@link OrderShipped} to put in the outbox in this transaction; empty when it had shipped already
	 */
	Optional<OrderShipped> shipped(List<Shipment> shipments, Instant now) {
		requireNotCalledOff("ship");
		if (status == FulfillmentStatus.SHIPPED) {
			return Optional.empty();
		}
		if (shipments.isEmpty() || shipments.stream().anyMatch(shipment -> shipment.getStatus() != ShipmentStatus.SHIPPED)) {
			throw new IllegalStateException("Order " + orderId + " cannot ship before all its parcels left");
		}
		if (trackingNumber == null) {
			throw new IllegalStateException("Order " + orderId + " cannot ship without a consignment");
		}
		this.status = FulfillmentStatus.SHIPPED;
		this.completedAt = now;
		// The parcels travel under one consignment: its tracking number, and the first parcel as the shipment.
		return Optional.of(new OrderShipped(UUID.randomUUID(), orderId, customerId, shipments.getFirst().getId(),
				trackingNumber, getLines().stream().map(ShipmentLine::toOrderLine).toList(), completedAt));
	}

	/**
	 * Whether the shipped order's invoice is still to issue.
	 * @throws InvalidOrderException when the order has not shipped: there is nothing to invoice
	 */
	boolean owesInvoice() {
		if (status != FulfillmentStatus.SHIPPED) {
			throw new InvalidOrderException("Order " + orderId + " is " + status + ", not shipped: nothing to invoice");
		}
		return invoiceNumber == null;
	}

	/** The last step: the shipped order's invoice. A no-op once invoiced. */
	void invoiced(String invoiceNumber) {
		if (owesInvoice()) {
			this.invoiceNumber = Objects.requireNonNull(invoiceNumber, "invoiceNumber");
		}
	}

	/**
	 * A step that would send goods out for an order that failed or was cancelled: its parcels were cancelled, its
	 * stock released and its payment refunded. Only a task that arrives after the end (a stale redelivery, a step of
	 * an execution that runs on after its order was cancelled) asks.
	 */
	void requireNotCalledOff(String step) {
		if (status == FulfillmentStatus.FAILED || status == FulfillmentStatus.CANCELLED) {
			throw new InvalidOrderException("Cannot %s order %s: its fulfilment %s (%s)".formatted(step, orderId,
					status == FulfillmentStatus.FAILED ? "failed" : "was cancelled", failureError));
		}
	}

	/**
	 * The compensation: the workflow gave up on the order before its parcels left.
	 * @return the {@link FulfillmentFailed} to put in the outbox in this transaction; empty when it had already
	 * ended, shipped (the goods left: there is nothing to undo) or failed
	 */
	Optional<FulfillmentFailed> failed(String error, String cause, Instant now) {
		if (isOver()) {
			return Optional.empty();
		}
		this.failureError = truncate(Objects.requireNonNullElse(error, "Fulfillment.Failed"), 256);
		this.failureCause = truncate(cause, 2048);
		this.status = FulfillmentStatus.FAILED;
		this.completedAt = now;
		return Optional.of(new FulfillmentFailed(UUID.randomUUID(), orderId, customerId, failureError,
				failureCause == null ? "" : failureCause, completedAt));
	}

	/**
	 * Checkout cancelled the order after its payment (it rejected the amount authorised, ADR 44): the fulfilment
	 * ends before its parcels leave. Nothing is announced: checkout's {@code PaymentRejected} already told everyone
	 * who acted on the payment.
	 * @return whether this ended it; false when it had already ended: shipped (the goods left, ADR 35), failed
	 * (compensated already) or cancelled
	 */
	boolean cancelled(String error, String cause, Instant now) {
		if (isOver()) {
			return false;
		}
		this.failureError = truncate(Objects.requireNonNull(error, "error"), 256);
		this.failureCause = truncate(cause, 2048);
		this.status = FulfillmentStatus.CANCELLED;
		this.completedAt = now;
		return true;
	}

	/**
	 * Whether the failed or cancelled order's parcels are still to call off at the warehouse and the carrier (ADR 39).
	 */
	boolean owesWarehouseRelease() {
		return (status == FulfillmentStatus.FAILED || status == FulfillmentStatus.CANCELLED)
				&& warehouseReleasedAt == null;
	}

	/**
	 * The warehouse and the carrier called off what they held for the failed or cancelled order. A no-op once
	 * released.
	 */
	void warehouseReleased(Instant now) {
		if (status != FulfillmentStatus.FAILED && status != FulfillmentStatus.CANCELLED) {
			throw new IllegalStateException("Order " + orderId + " is " + status + ": nothing to release");
		}
		if (warehouseReleasedAt == null) {
			warehouseReleasedAt = now;
		}
	}

	/**
	 * A step was calling the warehouse as the order failed or was cancelled, and its call may have landed after the
	 * release went out (ADR 38, 39): what it booked or held then is still at the warehouse and the carrier, so the
	 * release is owed again. The warehouse calls off whatever it holds for the order each time it is asked.
	 * @return whether a release is owed; false for an order that did not fail and was not cancelled, which owes none
	 */
	boolean warehouseReleaseOwedAgain() {
		if (status != FulfillmentStatus.FAILED && status != FulfillmentStatus.CANCELLED) {
			return false;
		}
		warehouseReleasedAt = null;
		return true;
	}

	boolean isOver() {
		return status == FulfillmentStatus.SHIPPED || status == FulfillmentStatus.FAILED
				|| status == FulfillmentStatus.CANCELLED;
	}

	/**
	 * The version read, which {@link OrderFulfillmentRepository#saveProgress} writes under, as Spring Data's save
	 * does.
	 */
	Long getVersion() {
		return version;
	}

	/** Set by {@link OrderFulfillmentRepository#saveProgress} to the version it wrote, as Spring Data's save does. */
	void setVersion(Long version) {
		this.version = version;
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}

	public UUID getOrderId() {
		return orderId;
	}

	public String getCustomerId() {
		return customerId;
	}

	public List<ShipmentLine> getLines() {
		return lines.stream().map(FulfillmentLine::toShipmentLine).toList();
	}

	public FulfillmentStatus getStatus() {
		return status;
	}

	public String getExecutionArn() {
		return executionArn;
	}

	public String getTrackingNumber() {
		return trackingNumber;
	}

	public String getInvoiceNumber() {
		return invoiceNumber;
	}

	public String getFailureError() {
		return failureError;
	}

	public String getFailureCause() {
		return failureCause;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public Instant getCompletedAt() {
		return completedAt;
	}

	public Instant getWarehouseReleasedAt() {
		return warehouseReleasedAt;
	}
}
