package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The compensation's word to the warehouse and the carrier (ADR 39): once an order's fulfilment failed and its
 * parcels were cancelled here, what the warehouse picked and the carrier booked for it is called off, after that
 * commit, with no transaction open while they work. A release that fails is a WARN and is made by the sweep: every
 * {@code reconcile-interval}, the orders failed longer than {@code reconcile-after} ago and still owing it, oldest
 * first. Inventory puts the goods back on sale when it hears FulfillmentFailed, so a release that keeps failing is
 * goods sold twice: the {@code owed-warehouse-releases} deferred work alarms after 15 minutes.
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

	WarehouseReleases(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments, Warehouse warehouse,
			FulfillmentProperties properties, Clock clock, PlatformTransactionManager transactionManager) {
		this.fulfillments = fulfillments;
		this.shipments = shipments;
		this.warehouse = warehouse;
		this.properties = properties;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/** Right after a compensation committed: a failure is left to the sweep, never to the compensation's caller. */
	void afterCompensation(UUID orderId) {
		try {
			release(orderId);
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the parcels of failed order {} at the warehouse yet: {}", orderId,
					ex.toString());
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
				log.warn("Could not release the parcels of failed order {} at the warehouse yet: {}", orderId,
						ex.toString());
			}
		}
	}

	/**
	 * Reads the order, asks the warehouse with no transaction open, and records it under the version read.
	 * @return whether this call released it; false when it owed nothing (released meanwhile, or not failed)
	 */
	boolean release(UUID orderId) {
		OrderFulfillment fulfillment = fulfillments.findById(orderId)
			.orElseThrow(() -> new IllegalStateException("No fulfillment for order " + orderId));
		if (!fulfillment.owesWarehouseRelease()) {
			return false;
		}
		warehouse.release(orderId, shipments.findByOrderIdOrderByWarehouse(orderId));
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
