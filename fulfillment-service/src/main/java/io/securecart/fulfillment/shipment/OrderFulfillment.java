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
 * {@code RUNNING} → {@code SHIPPED} or {@code FAILED}. It guards its own transitions: it ends once, so
 * {@code OrderShipped} or {@code FulfillmentFailed} is announced once, and never both.
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

	/** The execution exists (started now, or found already started). A no-op once it is known. */
	void executionStarted(String executionArn) {
		if (status == FulfillmentStatus.STARTING) {
			this.executionArn = Objects.requireNonNull(executionArn, "executionArn");
			this.status = FulfillmentStatus.RUNNING;
		}
	}

	/**
	 * The last step: the order is shipped and invoiced.
	 * @return the {@link OrderShipped} to put in the outbox in this transaction; empty when it had already ended
	 */
	Optional<OrderShipped> shipped(List<Shipment> shipments, String trackingNumber, String invoiceNumber,
			Instant now) {
		if (isOver()) {
			return Optional.empty();
		}
		if (shipments.isEmpty() || shipments.stream().anyMatch(shipment -> shipment.getStatus() != ShipmentStatus.SHIPPED)) {
			throw new IllegalStateException("Order " + orderId + " cannot be invoiced before all its shipments shipped");
		}
		this.trackingNumber = Objects.requireNonNull(trackingNumber, "trackingNumber");
		this.invoiceNumber = Objects.requireNonNull(invoiceNumber, "invoiceNumber");
		this.status = FulfillmentStatus.SHIPPED;
		this.completedAt = now;
		// The parcels travel under one consignment: its tracking number, and the first parcel as the shipment.
		return Optional.of(new OrderShipped(UUID.randomUUID(), orderId, customerId, shipments.getFirst().getId(),
				trackingNumber, getLines().stream().map(ShipmentLine::toOrderLine).toList(), completedAt));
	}

	/**
	 * The compensation: the workflow gave up on the order.
	 * @return the {@link FulfillmentFailed} to put in the outbox in this transaction; empty when it had already
	 * ended
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

	boolean isOver() {
		return status == FulfillmentStatus.SHIPPED || status == FulfillmentStatus.FAILED;
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
}
