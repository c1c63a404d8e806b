package io.securecart.fulfillment.warehouse;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.securecart.fulfillment.shipment.Shipment;
import io.securecart.fulfillment.shipment.ShipmentLine;
import io.securecart.fulfillment.shipment.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A warehouse and carrier that answer at once (or after {@code step-duration}), with labels, tracking and invoice
 * numbers derived from the shipment or order id, so that a repeated call gives the same answer, as a real API called
 * with the same request id would. Its failures are deterministic, chosen by SKU ({@link WarehouseProperties}).
 * Replace this bean with an adapter for a real warehouse.
 */
@Component
class SimulatedWarehouse implements Warehouse {

	private static final Logger log = LoggerFactory.getLogger(SimulatedWarehouse.class);

	private final WarehouseProperties properties;

	/** Attempts per step and shipment, for the flaky SKUs' first failures. */
	private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

	SimulatedWarehouse(WarehouseProperties properties) {
		this.properties = properties;
	}

	@Override
	public void pick(Shipment shipment) {
		work("pick", shipment);
		log.info("Picked {} line(s) of shipment {} in {}", shipment.getLines().size(), shipment.getId(),
				shipment.getWarehouse());
	}

	@Override
	public void pack(Shipment shipment) {
		work("pack", shipment);
		shipment.getLines()
			.stream()
			.map(ShipmentLine::sku)
			.filter(properties.damagedSkus()::contains)
			.findFirst()
			.ifPresent(sku -> {
				throw new ItemDamagedException("Item %s of shipment %s was found damaged while packing"
					.formatted(sku, shipment.getId()));
			});
		log.info("Packed shipment {}", shipment.getId());
	}

	@Override
	public String label(Shipment shipment) {
		return "LBL-" + compact(shipment.getId());
	}

	@Override
	public String bookCarrier(UUID orderId, List<Shipment> parcels) {
		String trackingNumber = trackingNumberOf(orderId);
		log.info("Booked the carrier for {} parcel(s) of order {}, tracking number {}", parcels.size(), orderId,
				trackingNumber);
		return trackingNumber;
	}

	@Override
	public String invoice(UUID orderId, List<ShipmentLine> lines) {
		return "INV-" + compact(orderId);
	}

	/** Keeps nothing, so a release made again (a step's call landed after the first) succeeds as the first did. */
	@Override
	public void release(UUID orderId, List<Shipment> parcels) {
		log.info("Released {} parcel(s) of order {}: picks back on the shelves, consignment {} cancelled, labels void",
				parcels.size(), orderId, trackingNumberOf(orderId));
	}

	static String trackingNumberOf(UUID orderId) {
		return "SC" + compact(orderId);
	}

	private static String compact(UUID id) {
		return id.toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
	}

	private void work(String step, Shipment shipment) {
		if (!properties.stepDuration().isZero()) {
			try {
				Thread.sleep(properties.stepDuration());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WarehouseUnavailableException("Interrupted while trying to " + step);
			}
		}
		boolean flaky = shipment.getLines().stream().map(ShipmentLine::sku).anyMatch(properties.flakySkus()::contains);
		if (flaky) {
			int attempt = attempts.merge(step + "/" + shipment.getId(), 1, Integer::sum);
			if (attempt <= properties.transientFailures()) {
				throw new WarehouseUnavailableException("Simulated warehouse outage: could not %s shipment %s (attempt %d)"
					.formatted(step, shipment.getId(), attempt));
			}
		}
	}
}
