package io.securecart.fulfillment.shipment;

import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.StockReserved;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.outbox.Outbox;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each step of a shipment in its own transaction, so that it stays done when a later step fails. The last step
 * writes {@code OrderShipped} to the outbox in the same transaction as the {@code SHIPPED} transition: the event is
 * published if and only if the shipment shipped.
 */
@Component
class ShipmentSteps {

	/** The name this service records deliveries under in the inbox. */
	static final String CONSUMER = "fulfillment-service";

	private final ShipmentRepository shipments;

	private final Warehouse warehouse;

	private final Inbox inbox;

	private final Outbox outbox;

	ShipmentSteps(ShipmentRepository shipments, Warehouse warehouse, Inbox inbox, Outbox outbox) {
		this.shipments = shipments;
		this.warehouse = warehouse;
		this.inbox = inbox;
		this.outbox = outbox;
	}

	/**
	 * Opens the order's shipment on the first delivery of its {@code StockReserved}. A redelivery opens nothing: it
	 * comes back because an earlier delivery stopped part way (or it is a duplicate), and it resumes the shipment that
	 * delivery opened.
	 * @return the id of the order's shipment
	 */
	@Transactional
	UUID open(StockReserved event) {
		if (inbox.firstDelivery(CONSUMER, event)) {
			// The order id is unique too: another event about the same order cannot open a second shipment.
			return shipments.findByOrderId(event.orderId())
				.orElseGet(() -> shipments.save(new Shipment(event.orderId(), event.customerId(), event.lines())))
				.getId();
		}
		return shipments.findByOrderId(event.orderId())
			.orElseThrow(() -> new IllegalStateException("Event " + event.eventId()
					+ " was applied but order " + event.orderId() + " has no shipment"))
			.getId();
	}

	@Transactional
	void pick(UUID shipmentId) {
		lock(shipmentId).pick(warehouse);
	}

	@Transactional
	void pack(UUID shipmentId) {
		lock(shipmentId).pack(warehouse);
	}

	/** @return whether this call shipped it; {@code false} when it had shipped before */
	@Transactional
	boolean ship(UUID shipmentId) {
		return lock(shipmentId).ship(warehouse).map(shipped -> {
			outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, shipped);
			return true;
		}).orElse(false);
	}

	private Shipment lock(UUID shipmentId) {
		return shipments.findLockedById(shipmentId)
			.orElseThrow(() -> new IllegalStateException("No shipment " + shipmentId));
	}
}
