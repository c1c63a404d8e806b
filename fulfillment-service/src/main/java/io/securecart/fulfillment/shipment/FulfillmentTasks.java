package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does the work of each step of the fulfillment state machine, once, and records its outcome in the
 * {@link TaskLedger}: a redelivered task message, or a Retry after the work was in fact done, is answered from the
 * ledger without asking the warehouse again. Failures become the error names the definition's Retry and Catch match.
 * <p>
 * A step that calls the warehouse (Pick, Pack, Ship, Invoice) reads what it works on in one transaction, calls with
 * none open, and saves the answers in a second, which takes the row lock (its shipment's for a parcel's Pick and
 * Pack, so the Map's parcels go through their warehouses at once; the order's for the others) and records the
 * outcome (ADR 38): a warehouse that takes minutes holds no connection and no lock meanwhile. A copy of the task
 * that answered while this one worked wins, and its answer is given; rows someone else changed meanwhile fail the
 * save on their version, and the step is done again from what it reads then. When a compensation or a cancellation
 * changed them, ending the order, its release is sent again: it may have reached the warehouse before this step's
 * calls did (ADR 39). The warehouse is idempotent per shipment or order id ({@link Warehouse}), so a call made twice
 * does the work once. ValidateOrder and CancelShipments run in one transaction under the order's lock, and call no
 * one in it: the warehouse hears of a compensation after its commit ({@link WarehouseReleases}).
 */
@Service
class FulfillmentTasks {

	static final String TRANSIENT = "Warehouse.Unavailable";

	static final String ITEM_DAMAGED = "Fulfillment.ItemDamaged";

	static final String INVALID_ORDER = "Fulfillment.InvalidOrder";

	/**
	 * Attempts at a step in one delivery while its rows keep changing as it works; then its message is delivered
	 * again.
	 */
	static final int ATTEMPTS = 3;

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

	private final TransactionTemplate transactions;

	private final WarehouseReleases releases;

	FulfillmentTasks(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments, TaskLedger ledger,
			Warehouse warehouse, FulfillmentStateMachine stateMachine, Outbox outbox, FulfillmentProperties properties,
			JsonMapper json, Clock clock, PlatformTransactionManager transactionManager, WarehouseReleases releases) {
		this.clock = clock;
		this.fulfillments = fulfillments;
		this.shipments = shipments;
		this.ledger = ledger;
		this.warehouse = warehouse;
		this.stateMachine = stateMachine;
		this.outbox = outbox;
		this.properties = properties;
		this.json = json;
		this.transactions = new TransactionTemplate(transactionManager);
		this.releases = releases;
	}

	Performed perform(WorkflowTask task) {
		Performed performed = performWithAttempts(task);
		if ("CancelShipments".equals(task.step())) {
			// After the compensation's commit; the release runs on its own thread, so the answer never waits for it.
			releases.afterCompensation(task.orderId());
		}
		return performed;
	}

	/**
	 * What a task message came to.
	 * @param outcome the answer to give Step Functions
	 * @param replayed whether it is an answer recorded before (a redelivery, a Retry after the work was done), given
	 * without doing the step again: the message held a worker for a lookup, not for a step, and admission's step time
	 * ({@link StepDurations}) must not count it as one
	 */
	record Performed(TaskOutcome outcome, boolean replayed) {

		static Performed done(TaskOutcome outcome) {
			return new Performed(outcome, false);
		}

		static Performed answeredBefore(TaskOutcome outcome) {
			return new Performed(outcome, true);
		}
	}

	private Performed performWithAttempts(WorkflowTask task) {
		Instant startedAt = clock.instant();
		for (int attempt = 1;; attempt++) {
			try {
				return switch (task.step()) {
					case "Pick", "Pack", "Ship", "Invoice" -> performAroundTheWarehouse(task, startedAt);
					default -> transactions.execute(status -> performInOneTransaction(task, startedAt));
				};
			}
			catch (ConcurrencyFailureException ex) {
				// A version that changed, or a deadlock PostgreSQL broke (a compensation saving the shipment this step
				// locked): read again and do it again.
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				log.info("Task {} of order {} is done again: its rows changed while it worked ({})", task.key(),
						task.orderId(), ex.getMessage());
			}
		}
	}

	private Performed performAroundTheWarehouse(WorkflowTask task, Instant startedAt) {
		Begun begun = transactions.execute(status -> answeredBefore(task)
			.map(answered -> new Begun(answered, null))
			.orElseGet(() -> new Begun(null, warehouseStepOf(task))));
		if (begun.answered() != null) {
			return Performed.answeredBefore(begun.answered());
		}
		TaskOutcome outcome = outcomeOf(begun.step().work());
		try {
			// The warehouse was called: a step done, even when a copy's answer wins below.
			return Performed.done(transactions.execute(status -> {
				lock(task);
				Optional<TaskOutcome> answered = answeredBefore(task);
				if (answered.isPresent()) {
					return answered.get();
				}
				begun.step().save().accept(outcome);
				return recorded(task, outcome, startedAt);
			}));
		}
		catch (ConcurrencyFailureException ex) {
			// The save writes only what the warehouse's answers moved, so this step's calls landed. When the order
			// ended meanwhile, its release may have gone out before them: it is sent again.
			releaseAgainIfEnded(task.orderId());
			throw ex;
		}
	}

	/**
	 * A step whose calls reached the warehouse found, on saving, that its rows changed. When a compensation or a
	 * cancellation ended the order meanwhile, the release after that end may have gone out (or be going out) before
	 * what the step booked or held: the release is owed again, and sent after this commit. The save bumps the
	 * order's version even when no release was recorded yet, so one in flight fails its record and is made again.
	 * A release that fails is left to the sweep, as after a compensation.
	 */
	private void releaseAgainIfEnded(UUID orderId) {
		Boolean owed = transactions.execute(status -> {
			Optional<OrderFulfillment> fulfillment = fulfillments.findLockedByOrderId(orderId);
			if (fulfillment.isEmpty() || !fulfillment.get().warehouseReleaseOwedAgain()) {
				return false;
			}
			fulfillments.saveProgress(fulfillment.get());
			return true;
		});
		if (Boolean.TRUE.equals(owed)) {
			log.warn("Order {} ended while a step called the warehouse: its release is sent again", orderId);
			releases.afterCompensation(orderId);
		}
	}

	private Performed performInOneTransaction(WorkflowTask task, Instant startedAt) {
		lock(task);
		Optional<TaskOutcome> answered = answeredBefore(task);
		if (answered.isPresent()) {
			return Performed.answeredBefore(answered.get());
		}
		TaskOutcome outcome = outcomeOf(() -> switch (task.step()) {
			case "ValidateOrder" -> validate(orderOf(task));
			case "CancelShipments" -> cancel(orderOf(task), task.failureError(), failureCause(task));
			default -> throw new IllegalArgumentException("Unknown fulfillment step '" + task.step() + "'");
		});
		return Performed.done(recorded(task, outcome, startedAt));
	}

	/** The outcome recorded for this task, when it is the answer to give again: a success, or this very delivery's. */
	private Optional<TaskOutcome> answeredBefore(WorkflowTask task) {
		return ledger.find(task)
			.filter(done -> done.outcome() instanceof TaskOutcome.Succeeded
					|| done.tokenHash().equals(task.tokenHash()))
			.map(done -> {
				log.info("Task {} of order {} answered before: {} again", task.key(), task.orderId(),
						done.outcome().getClass().getSimpleName());
				return done.outcome();
			});
	}

	private TaskOutcome outcomeOf(Supplier<Object> work) {
		try {
			return new TaskOutcome.Succeeded(json.writeValueAsString(work.get()));
		}
		catch (WarehouseUnavailableException ex) {
			return new TaskOutcome.Failed(TRANSIENT, ex.getMessage());
		}
		catch (ItemDamagedException ex) {
			return new TaskOutcome.Failed(ITEM_DAMAGED, ex.getMessage());
		}
		catch (InvalidOrderException ex) {
			return new TaskOutcome.Failed(INVALID_ORDER, ex.getMessage());
		}
	}

	private TaskOutcome recorded(WorkflowTask task, TaskOutcome outcome, Instant startedAt) {
		ledger.record(task, outcome, startedAt, clock.instant());
		log.info("Task {} of order {}: {}", task.key(), task.orderId(), outcome);
		return outcome;
	}

	/** A task before its warehouse calls: answered before, or the step to do. */
	private record Begun(TaskOutcome answered, WarehouseStep step) {
	}

	/**
	 * What a step that calls the warehouse works on, read before the calls.
	 * @param work calls the warehouse and moves the aggregates on with its answers, with no transaction open; returns
	 * the step's output
	 * @param save saves them in the transaction that records the outcome, also when the work failed part way (a
	 * Ship whose second label failed keeps its consignment and first label)
	 */
	private record WarehouseStep(Supplier<Object> work, Consumer<TaskOutcome> save) {
	}

	/**
	 * A parcel's Pick and Pack lock its shipment: the same task delivered twice takes turns, and the other parcels go
	 * on. Every other step locks the order; one that saves a shipment a parcel's step changed meanwhile fails on its
	 * version and is done again. A Pick or Pack whose shipment is not the order's takes the order's lock, and is
	 * answered as an invalid order.
	 */
	private void lock(WorkflowTask task) {
		boolean parcelStep = "Pick".equals(task.step()) || "Pack".equals(task.step());
		if (parcelStep && task.shipmentId() != null
				&& shipments.lockByIdAndOrderId(task.shipmentId(), task.orderId()).isPresent()) {
			return;
		}
		fulfillments.lockByOrderId(task.orderId()).orElseThrow(() -> unknownOrder(task));
	}

	/** Pick and Pack work on the shipment alone; Ship and Invoice on the order. */
	private WarehouseStep warehouseStepOf(WorkflowTask task) {
		return switch (task.step()) {
			case "Pick" -> parcelStep(task, shipment -> {
				shipment.pick(warehouse);
				return Map.of("picked", task.shipmentId());
			});
			case "Pack" -> parcelStep(task, shipment -> {
				shipment.pack(warehouse);
				return Map.of("packed", task.shipmentId());
			});
			case "Ship" -> ship(orderOf(task));
			case "Invoice" -> invoice(orderOf(task));
			default -> throw new IllegalArgumentException("Not a warehouse step: '" + task.step() + "'");
		};
	}

	private WarehouseStep parcelStep(WorkflowTask task, Function<Shipment, Object> step) {
		Optional<Shipment> parcel = shipments.findById(task.shipmentId())
			.filter(shipment -> shipment.getOrderId().equals(task.orderId()));
		if (parcel.isEmpty()) {
			return new WarehouseStep(() -> {
				throw new InvalidOrderException("Order " + task.orderId() + " has no shipment " + task.shipmentId());
			}, outcome -> {
			});
		}
		ShipmentStatus read = parcel.get().getStatus();
		return new WarehouseStep(() -> step.apply(parcel.get()), outcome -> saveIfMoved(parcel.get(), read));
	}

	/**
	 * Saves a shipment whose status the step moved. One it did not move (a failure, a step done before) keeps its
	 * version, so the steps that read it meanwhile do not fail on a change that changed nothing.
	 */
	private void saveIfMoved(Shipment shipment, ShipmentStatus read) {
		if (shipment.getStatus() != read) {
			shipments.saveProgress(shipment);
		}
	}

	/**
	 * Checks the order and opens one shipment per warehouse, by the declared split rule. Not for an order whose
	 * fulfilment failed or was cancelled: a ValidateOrder delivered after the compensation (or of an execution started
	 * as its order was cancelled) would open parcels nobody cancels.
	 */
	private Map<String, Object> validate(OrderFulfillment fulfillment) {
		fulfillment.requireNotCalledOff("validate");
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

	/** The order: read under its lock by ValidateOrder and CancelShipments, before the calls by Ship and Invoice. */
	private OrderFulfillment orderOf(WorkflowTask task) {
		return fulfillments.findById(task.orderId())
			.orElseThrow(() -> unknownOrder(task));
	}

	private static IllegalStateException unknownOrder(WorkflowTask task) {
		return new IllegalStateException("Task " + task.key() + " for unknown order " + task.orderId());
	}

	/**
	 * One consignment for the order's parcels, which leave all together or not at all: the carrier is booked once and
	 * each parcel labelled, each kept, so a Retry after a label the warehouse failed to print asks only for what is
	 * missing. Once every parcel has its label they are handed over in the transaction that saves the labels, with
	 * no call to the warehouse left to fail, and OrderShipped goes to the outbox with them. So a failed Ship leaves
	 * nothing that left, and the compensation can undo the order in full (ADR 35).
	 */
	private WarehouseStep ship(OrderFulfillment fulfillment) {
		List<Shipment> parcels = shipments.findByOrderIdOrderByWarehouse(fulfillment.getOrderId());
		String trackingNumberRead = fulfillment.getTrackingNumber();
		List<ShipmentStatus> read = parcels.stream().map(Shipment::getStatus).toList();
		return new WarehouseStep(() -> {
			fulfillment.requireNotCalledOff("ship");
			if (fulfillment.getTrackingNumber() == null) {
				fulfillment.consignmentBooked(warehouse.bookCarrier(fulfillment.getOrderId(), parcels));
			}
			for (Shipment parcel : parcels) {
				parcel.label(warehouse, fulfillment.getTrackingNumber());
			}
			return Map.of("trackingNumber", fulfillment.getTrackingNumber(), "labels",
					parcels.stream().map(Shipment::getLabel).toList());
		}, outcome -> {
			Optional<OrderShipped> shipped = Optional.empty();
			if (outcome instanceof TaskOutcome.Succeeded) {
				Instant now = clock.instant();
				parcels.forEach(parcel -> parcel.handOver(now));
				shipped = fulfillment.shipped(parcels, now);
			}
			// Saved under the version read even when only the parcels moved: a compensation that ended the order
			// meanwhile fails this, and the step reads the order failed.
			if (outcome instanceof TaskOutcome.Succeeded
					|| !Objects.equals(trackingNumberRead, fulfillment.getTrackingNumber())) {
				fulfillments.saveProgress(fulfillment);
			}
			for (int i = 0; i < parcels.size(); i++) {
				saveIfMoved(parcels.get(i), read.get(i));
			}
			shipped.ifPresent(event -> outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, event));
		});
	}

	/** The shipped order's invoice, issued once: by the Invoice step, or later by {@link OwedInvoices}. */
	private WarehouseStep invoice(OrderFulfillment fulfillment) {
		return new WarehouseStep(() -> {
			if (fulfillment.owesInvoice()) {
				fulfillment.invoiced(warehouse.invoice(fulfillment.getOrderId(), fulfillment.getLines()));
			}
			return Map.of("invoiceNumber", fulfillment.getInvoiceNumber());
		}, outcome -> {
			if (outcome instanceof TaskOutcome.Succeeded) {
				fulfillments.saveProgress(fulfillment);
			}
		});
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
	 * Compensation: cancels what has not left, and FulfillmentFailed goes to the outbox in this transaction; the
	 * warehouse and the carrier are told after its commit ({@link WarehouseReleases}). An order whose parcels left
	 * (Ship committed, its answer lost) has nothing to undo: it stays shipped.
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
