package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.fulfillment.warehouse.ItemDamagedException;
import io.securecart.fulfillment.warehouse.WarehouseUnavailableException;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Does the work of each step of the fulfillment state machine, once. Every task runs in one transaction that holds
 * a row lock (its shipment's for a parcel's Pick and Pack, so the Map's parcels go through their warehouses at once;
 * the order's for every other step), applies the step to the shipments and records its outcome in the
 * {@link TaskLedger}: a
 * redelivered task message, or a Retry after the work was in fact done, is answered from the ledger without asking
 * the warehouse again. Failures become the error names the definition's Retry and Catch match.
 */
@Service
class FulfillmentTasks {

	static final String TRANSIENT = "Warehouse.Unavailable";

	static final String ITEM_DAMAGED = "Fulfillment.ItemDamaged";

	static final String INVALID_ORDER = "Fulfillment.InvalidOrder";

	private static final Logger log = LoggerFactory.getLogger(FulfillmentTasks.class);

	private final OrderFulfillmentRepository fulfillments;

	private final ShipmentRepository shipments;

	private final TaskLedger ledger;

	private final Warehouse warehouse;

	private final FulfillmentStateMachine stateMachine;

	private final Outbox outbox;

	private final FulfillmentProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	FulfillmentTasks(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments, TaskLedger ledger,
			Warehouse warehouse, FulfillmentStateMachine stateMachine, Outbox outbox, FulfillmentProperties properties,
			JsonMapper json, Clock clock) {
		this.clock = clock;
		this.fulfillments = fulfillments;
		this.shipments = shipments;
		this.ledger = ledger;
		this.warehouse = warehouse;
		this.stateMachine = stateMachine;
		this.outbox = outbox;
		this.properties = properties;
		this.json = json;
	}

	@Transactional
	TaskOutcome perform(WorkflowTask task) {
		lock(task);
		Optional<TaskLedger.Entry> done = ledger.find(task);
		if (done.isPresent() && (done.get().outcome() instanceof TaskOutcome.Succeeded
				|| done.get().tokenHash().equals(task.tokenHash()))) {
			log.info("Task {} of order {} answered before: {} again", task.key(), task.orderId(),
					done.get().outcome().getClass().getSimpleName());
			return done.get().outcome();
		}
		TaskOutcome outcome;
		try {
			outcome = new TaskOutcome.Succeeded(json.writeValueAsString(doStep(task)));
		}
		catch (WarehouseUnavailableException ex) {
			outcome = new TaskOutcome.Failed(TRANSIENT, ex.getMessage());
		}
		catch (ItemDamagedException ex) {
			outcome = new TaskOutcome.Failed(ITEM_DAMAGED, ex.getMessage());
		}
		catch (InvalidOrderException ex) {
			outcome = new TaskOutcome.Failed(INVALID_ORDER, ex.getMessage());
		}
		ledger.record(task, outcome);
		log.info("Task {} of order {}: {}", task.key(), task.orderId(), outcome);
		return outcome;
	}

	/**
	 * A parcel's Pick and Pack lock its shipment: the same task delivered twice takes turns, and the other parcels go
	 * on. Every other step locks the order; one that saves a shipment a parcel's step changed meanwhile fails on its
	 * version and is delivered again. A Pick or Pack whose shipment is not the order's takes the order's lock, and
	 * fails as an invalid order in {@link #doStep}.
	 */
	private void lock(WorkflowTask task) {
		boolean parcelStep = "Pick".equals(task.step()) || "Pack".equals(task.step());
		if (parcelStep && task.shipmentId() != null
				&& shipments.lockByIdAndOrderId(task.shipmentId(), task.orderId()).isPresent()) {
			return;
		}
		fulfillments.lockByOrderId(task.orderId()).orElseThrow(() -> unknownOrder(task));
	}

	/** Pick, Pack and Ship work on the shipments alone; the other steps read the order, which the task has locked. */
	private Object doStep(WorkflowTask task) {
		return switch (task.step()) {
			case "ValidateOrder" -> validate(lockedOrder(task));
			case "Pick" -> {
				Shipment shipment = shipmentOf(task);
				shipment.pick(warehouse);
				shipments.saveProgress(shipment);
				yield Map.of("picked", task.shipmentId());
			}
			case "Pack" -> {
				Shipment shipment = shipmentOf(task);
				shipment.pack(warehouse);
				shipments.saveProgress(shipment);
				yield Map.of("packed", task.shipmentId());
			}
			case "Ship" -> ship(lockedOrder(task));
			case "Invoice" -> invoice(lockedOrder(task));
			case "CancelShipments" -> cancel(lockedOrder(task), task.failureError(), failureCause(task));
			default -> throw new IllegalArgumentException("Unknown fulfillment step '" + task.step() + "'");
		};
	}

	/**
	 * Checks the order and opens one shipment per warehouse, by the declared split rule. Not for an order whose
	 * fulfilment failed: a ValidateOrder delivered after the compensation would open parcels nobody cancels.
	 */
	private Map<String, Object> validate(OrderFulfillment fulfillment) {
		fulfillment.requireNotFailed("validate");
		if (fulfillment.getStatus() == FulfillmentStatus.STARTING) {
			// Its execution runs (it asks for this step), but the start's own commit did not record it: the instance
			// died after StartExecution answered, and the sweep that finds it is held back while admission is full.
			// Recorded now, before any step can ship it or fail it: both need the execution's ARN.
			fulfillment.executionStarted(stateMachine.executionArn(fulfillment.getOrderId()));
			fulfillments.saveProgress(fulfillment);
		}
		List<Shipment> opened = shipments.findByOrderIdOrderByWarehouse(fulfillment.getOrderId());
		if (opened.isEmpty()) {
			List<OrderLine> lines = fulfillment.getLines().stream().map(ShipmentLine::toOrderLine).toList();
			if (lines.isEmpty() || lines.stream().anyMatch(line -> line.quantity() <= 0)) {
				throw new InvalidOrderException("Order " + fulfillment.getOrderId() + " has nothing valid to ship");
			}
			opened = new ArrayList<>();
			for (Map.Entry<String, List<OrderLine>> parcel : properties.split(lines).entrySet()) {
				opened.add(shipments.save(new Shipment(fulfillment.getOrderId(), fulfillment.getCustomerId(),
						parcel.getKey(), parcel.getValue(), clock.instant())));
			}
		}
		return Map.of("shipments", opened.stream()
			.map(shipment -> Map.of("shipmentId", shipment.getId().toString(), "warehouse", shipment.getWarehouse()))
			.toList());
	}

	/** The order, read under the lock {@link #perform} took. */
	private OrderFulfillment lockedOrder(WorkflowTask task) {
		return fulfillments.findById(task.orderId())
			.orElseThrow(() -> unknownOrder(task));
	}

	private static IllegalStateException unknownOrder(WorkflowTask task) {
		return new IllegalStateException("Task " + task.key() + " for unknown order " + task.orderId());
	}

	private Shipment shipmentOf(WorkflowTask task) {
		return shipments.findById(task.shipmentId())
			.filter(shipment -> shipment.getOrderId().equals(task.orderId()))
			.orElseThrow(() -> new InvalidOrderException(
					"Order " + task.orderId() + " has no shipment " + task.shipmentId()));
	}

	/**
	 * One consignment for the order's parcels, which leave all together or not at all: the carrier is booked once and
	 * each parcel labelled, each kept as it is done, so a Retry after a label the warehouse failed to print asks only
	 * for what is missing. Once every parcel has its label they are handed over in this transaction, with no call to
	 * the warehouse left to fail, and OrderShipped goes to the outbox with them. So a failed Ship leaves nothing that
	 * left, and the compensation can undo the order in full (ADR 35).
	 */
	private Map<String, Object> ship(OrderFulfillment fulfillment) {
		fulfillment.requireNotFailed("ship");
		List<Shipment> parcels = shipments.findByOrderIdOrderByWarehouse(fulfillment.getOrderId());
		if (fulfillment.getTrackingNumber() == null) {
			fulfillment.consignmentBooked(warehouse.bookCarrier(fulfillment.getOrderId(), parcels));
			fulfillments.saveProgress(fulfillment);
		}
		for (Shipment parcel : parcels) {
			parcel.label(warehouse, fulfillment.getTrackingNumber());
			shipments.saveProgress(parcel);
		}
		Instant now = clock.instant();
		for (Shipment parcel : parcels) {
			parcel.handOver(now);
			shipments.saveProgress(parcel);
		}
		Optional<OrderShipped> shipped = fulfillment.shipped(parcels, now);
		fulfillments.saveProgress(fulfillment);
		shipped.ifPresent(event -> outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, event));
		return Map.of("trackingNumber", fulfillment.getTrackingNumber(), "labels",
				parcels.stream().map(Shipment::getLabel).toList());
	}

	/** The shipped order's invoice, issued once: by the Invoice step, or later by {@link OwedInvoices}. */
	private Map<String, Object> invoice(OrderFulfillment fulfillment) {
		if (fulfillment.owesInvoice()) {
			fulfillment.invoiced(warehouse.invoice(fulfillment.getOrderId(), fulfillment.getLines()));
			fulfillments.saveProgress(fulfillment);
		}
		return Map.of("invoiceNumber", fulfillment.getInvoiceNumber());
	}

	/**
	 * The invoice of an order that shipped without it (its Invoice step failed for good, or its execution ended after
	 * Ship), under the order's lock, as the Invoice step would have issued it.
	 * @return the invoice number; empty when the order owed none (invoiced meanwhile)
	 */
	@Transactional
	Optional<String> issueOwedInvoice(UUID orderId) {
		OrderFulfillment fulfillment = fulfillments.findLockedByOrderId(orderId)
			.orElseThrow(() -> new IllegalStateException("No fulfillment for order " + orderId));
		if (fulfillment.getStatus() != FulfillmentStatus.SHIPPED || !fulfillment.owesInvoice()) {
			return Optional.empty();
		}
		invoice(fulfillment);
		return Optional.of(fulfillment.getInvoiceNumber());
	}

	/**
	 * What went wrong, as the Catch reported it; when it reports no cause (moto loses it across a Map), the last
	 * failure this service answered for the order says it.
	 */
	private String failureCause(WorkflowTask task) {
		String cause = task.failureCause();
		if (cause != null && !cause.isBlank()) {
			return cause;
		}
		return ledger.lastFailureCause(task.orderId()).orElse(cause);
	}

	/**
	 * The CancelShipments step's work for an execution that ended without reaching it ({@link StuckFulfillments}).
	 * @return whether this ended the fulfilment; false when it had ended already
	 */
	@Transactional
	boolean compensateEndedExecution(UUID orderId, String error, String cause) {
		OrderFulfillment fulfillment = fulfillments.findLockedByOrderId(orderId)
			.orElseThrow(() -> new IllegalStateException("No fulfillment for order " + orderId));
		if (fulfillment.isOver()) {
			return false;
		}
		cancel(fulfillment, error, cause);
		return true;
	}

	/**
	 * Compensation: cancels what has not left, and FulfillmentFailed goes to the outbox in this transaction. An order
	 * whose parcels left (Ship committed, its answer lost) has nothing to undo: it stays shipped.
	 */
	private Map<String, Object> cancel(OrderFulfillment fulfillment, String error, String cause) {
		long cancelled = 0;
		Optional<FulfillmentFailed> failed = fulfillment.failed(error, cause, clock.instant());
		if (failed.isPresent()) {
			for (Shipment shipment : shipments.findByOrderIdOrderByWarehouse(fulfillment.getOrderId())) {
				if (shipment.cancel()) {
					shipments.saveProgress(shipment);
					cancelled++;
				}
			}
			fulfillments.saveProgress(fulfillment);
			outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, failed.get());
		}
		return Map.of("cancelledShipments", cancelled, "fulfillment", fulfillment.getStatus().name());
	}
}
