package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The compensation's word to the warehouse and the carrier (ADR 39): once an order's fulfilment failed and its
 * parcels were cancelled here, what the warehouse picked and the carrier booked for it is called off, after that
 * commit, on a thread of its own and with no transaction open while they work. A release that fails is a WARN and is
 * made by the sweep: every {@code reconcile-interval}, the orders failed (or last tried) longer than
 * {@code reconcile-after} ago and still owing it, the longest waiting first. Inventory puts the goods back on sale
 * when it hears FulfillmentFailed, so a release that keeps failing is goods sold twice: the
 * {@code owed-warehouse-releases} deferred work alarms after 15 minutes.
 */
@Component
class WarehouseReleases {

	private static final Logger log = LoggerFactory.getLogger(WarehouseReleases.class);

	private final OrderFulfillmentRepository fulfillments;

	private final ShipmentRepository shipments;

	private final Warehouse warehouse;

	private final FulfillmentProperties properties;

	private final Clock clock;

	private final TransactionTemplate transactions;

	/** Where the release after a compensation runs: not on the caller's thread, which answers Step Functions. */
	private final Executor releaser;

	@Autowired
	WarehouseReleases(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments, Warehouse warehouse,
			FulfillmentProperties properties, Clock clock, PlatformTransactionManager transactionManager) {
		this(fulfillments, shipments, warehouse, properties, clock, transactionManager,
				Executors.newSingleThreadExecutor(Thread.ofPlatform().name("warehouse-releaser").daemon().factory()));
	}

	WarehouseReleases(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments, Warehouse warehouse,
			FulfillmentProperties properties, Clock clock, PlatformTransactionManager transactionManager,
			Executor releaser) {
		this.fulfillments = fulfillments;
		this.shipments = shipments;
		this.warehouse = warehouse;
		this.properties = properties;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
		this.releaser = releaser;
	}

	/**
	 * Right after a compensation committed, on a thread of its own: the compensation's answer to Step Functions never
	 * waits for the warehouse, and a failure (or a release that never runs: the service stopped) is left to the sweep.
	 * Also after a step whose warehouse calls landed once the order had ended marked the release owed again
	 * ({@link FulfillmentTasks}).
	 */
	void afterCompensation(UUID orderId) {
		try {
			releaser.execute(() -> {
				try {
					release(orderId);
				}
				catch (RuntimeException ex) {
					failed(orderId, ex);
				}
			});
		}
		catch (RejectedExecutionException stopping) {
			log.debug("Stopping: the release of failed order {} is left to the sweep", orderId);
		}
	}

	@PreDestroy
	void stop() {
		if (releaser instanceof ExecutorService service) {
			service.shutdownNow();
		}
	}

	@Scheduled(fixedDelayString = "${securecart.fulfillment.reconcile-interval:1m}")
	void releaseOwed() {
		Instant failedBefore = clock.instant().minus(properties.reconcileAfter());
		for (UUID orderId : fulfillments.findOwingWarehouseRelease(failedBefore)) {
			try {
				if (release(orderId)) {
					log.warn("Order {} failed and its parcels were released at the warehouse only now", orderId);
				}
			}
			catch (RuntimeException ex) {
				failed(orderId, ex);
			}
		}
	}

	/** Logged, and to the back of the sweep's line: releases that keep failing cannot fill every round. */
	private void failed(UUID orderId, RuntimeException failure) {
		log.warn("Could not release the parcels of failed order {} at the warehouse yet: {}", orderId,
				failure.toString());
		fulfillments.owedWorkFailed(orderId, clock.instant());
	}

	/**
	 * Reads the order, asks the warehouse with no transaction open, and records it under the version read. An order
	 * that failed before ValidateOrder opened any parcel never reached the warehouse: it is recorded released without
	 * a call.
	 * @return whether this call released it; false when it owed nothing (released meanwhile, or not failed)
	 */
	boolean release(UUID orderId) {
		OrderFulfillment fulfillment = fulfillments.findById(orderId)
			.orElseThrow(() -> new IllegalStateException("No fulfillment for order " + orderId));
		if (!fulfillment.owesWarehouseRelease()) {
			return false;
		}
		List<Shipment> parcels = shipments.findByOrderIdOrderByWarehouse(orderId);
		if (!parcels.isEmpty()) {
			warehouse.release(orderId, parcels);
		}
		fulfillment.warehouseReleased(clock.instant());
		try {
			transactions.executeWithoutResult(status -> fulfillments.saveProgress(fulfillment));
		}
		catch (OptimisticLockingFailureException ex) {
			if (fulfillments.findById(orderId).map(OrderFulfillment::getWarehouseReleasedAt).isPresent()) {
				return false; // another instance's sweep, or the compensation's own call, released it meanwhile
			}
			throw ex;
		}
		return true;
	}
}
