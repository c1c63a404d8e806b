package io.securecart.fulfillment.warehouse;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.securecart.fulfillment.shipment.Shipment;
import io.securecart.fulfillment.shipment.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A warehouse that does every step at once and hands out tracking numbers derived from the shipment id, so that a
 * repeated step gives the same answer, as a real warehouse API called with the same request id would. With
 * {@code securecart.fulfillment.warehouse.transient-failure-rate} above 0 it fails that share of calls, to exercise
 * the retry path. Replace this bean with an adapter for a real warehouse.
 */
@Component
class SimulatedWarehouse implements Warehouse {

	private static final Logger log = LoggerFactory.getLogger(SimulatedWarehouse.class);

	private final double transientFailureRate;

	private final DoubleSupplier dice;

	@Autowired
	SimulatedWarehouse(WarehouseProperties properties) {
		this(properties, () -> ThreadLocalRandom.current().nextDouble());
	}

	/** @param dice uniformly distributed in [0, 1); a call fails when it rolls below the failure rate */
	SimulatedWarehouse(WarehouseProperties properties, DoubleSupplier dice) {
		this.transientFailureRate = properties.transientFailureRate();
		this.dice = dice;
	}

	@Override
	public void pick(Shipment shipment) {
		mayFail("pick", shipment);
		log.info("Picked {} line(s) of shipment {}", shipment.getLines().size(), shipment.getId());
	}

	@Override
	public void pack(Shipment shipment) {
		mayFail("pack", shipment);
		log.info("Packed shipment {}", shipment.getId());
	}

	@Override
	public String ship(Shipment shipment) {
		mayFail("ship", shipment);
		String trackingNumber = trackingNumberOf(shipment.getId());
		log.info("Handed shipment {} to the carrier, tracking number {}", shipment.getId(), trackingNumber);
		return trackingNumber;
	}

	static String trackingNumberOf(UUID shipmentId) {
		return "SC" + shipmentId.toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
	}

	private void mayFail(String step, Shipment shipment) {
		if (transientFailureRate > 0 && dice.getAsDouble() < transientFailureRate) {
			throw new WarehouseUnavailableException(
					"Simulated warehouse outage: could not %s shipment %s".formatted(step, shipment.getId()));
		}
	}
}
