package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stops the fulfilment of an order checkout cancelled after its payment ({@code PaymentRejected}: the amount
 * authorised is not the order's total, ADR 44), or makes sure it never starts.
 * <p>
 * In one transaction, under the order's row lock and with the inbox record: a fulfilment not yet over ends
 * {@code CANCELLED} and its parcels that have not left are cancelled; one not opened yet ({@code StockReserved} may
 * come after, or never) is opened {@code CANCELLED}, so that {@code StockReserved} starts nothing. After the commit,
 * with no transaction open, its execution is stopped and the warehouse and the carrier are told to call off what they
 * hold (ADR 39). A step under way as it is stopped, or an execution whose start raced the cancellation, finds the
 * order cancelled and is refused ({@code Fulfillment.InvalidOrder}): its CancelShipments has nothing left to undo and
 * announces nothing. So a stop that fails is a WARN, not a failed message.
 * <p>
 * Nothing is announced: checkout's {@code PaymentRejected} told payment and inventory too. An order whose parcels
 * left first is not called back (ADR 35): it stays {@code SHIPPED}.
 */
@Service
class OrderCancellations {

	/** The fulfilment's {@code failure_error}, and the error its stopped execution ends with. */
	static final String PAYMENT_REJECTED = "Order.PaymentRejected";

	private static final Logger log = LoggerFactory.getLogger(OrderCancellations.class);

	private final OrderFulfillmentRepository fulfillments;

	private final ShipmentRepository shipments;

	private final FulfillmentStateMachine stateMachine;

	private final WarehouseReleases releases;

	private final FulfillmentAdmission admission;

	private final Inbox inbox;

	private final TransactionTemplate transaction;

	private final Clock clock;

	OrderCancellations(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments,
			FulfillmentStateMachine stateMachine, WarehouseReleases releases, FulfillmentAdmission admission,
			Inbox inbox, TransactionTemplate transaction, Clock clock) {
		this.fulfillments = fulfillments;
		this.shipments = shipments;
		this.stateMachine = stateMachine;
		this.releases = releases;
		this.admission = admission;
		this.inbox = inbox;
		this.transaction = transaction;
		this.clock = clock;
	}

	void paymentRejected(PaymentRejected rejection) {
		Optional<Cancelled> cancelled = transaction.execute(status -> cancel(rejection));
		cancelled.ifPresent(this::callOff);
	}

	/** The fulfilment this cancelled, if it was open and not over; empty when there is nothing to call off. */
	private Optional<Cancelled> cancel(PaymentRejected rejection) {
		if (!inbox.firstDelivery(OrderFulfillments.CONSUMER, rejection)) {
			log.debug("{} was applied already; ignoring the redelivery", rejection.eventId());
			return Optional.empty();
		}
		Instant now = clock.instant();
		String cause = "checkout rejected payment %s: %s authorised, the order's total is %s"
			.formatted(rejection.paymentId(), rejection.authorized(), rejection.orderTotal());
		Optional<OrderFulfillment> found = fulfillments.findLockedByOrderId(rejection.orderId());
		if (found.isEmpty()) {
			// A StockReserved that commits first makes this fail on the key: the message comes again, and finds it.
			fulfillments.save(OrderFulfillment.cancelledBeforeItStarted(rejection.orderId(), rejection.customerId(),
					PAYMENT_REJECTED, cause, now));
			log.info("Order {} was cancelled before its stock was reserved here: its fulfilment will not start",
					rejection.orderId());
			return Optional.empty();
		}
		OrderFulfillment fulfillment = found.get();
		if (!fulfillment.cancelled(PAYMENT_REJECTED, cause, now)) {
			if (fulfillment.getStatus() == FulfillmentStatus.SHIPPED) {
				log.warn("Order {} was cancelled ({}) after its parcels left: they are not called back (ADR 35)",
						rejection.orderId(), cause);
			}
			else {
				log.info("Order {} was cancelled; its fulfilment had ended already ({})", rejection.orderId(),
						fulfillment.getStatus());
			}
			return Optional.empty();
		}
		long parcels = 0;
		for (Shipment shipment : shipments.findByOrderIdOrderByWarehouse(rejection.orderId())) {
			if (shipment.cancel()) {
				shipments.saveProgress(shipment);
				parcels++;
			}
		}
		fulfillments.saveProgress(fulfillment);
		log.info("Order {} was cancelled ({}): its fulfilment is stopped, {} parcel(s) cancelled", rejection.orderId(),
				cause, parcels);
		return Optional.of(new Cancelled(fulfillment));
	}

	/**
	 * After the commit: no more steps, and the warehouse and the carrier call off what they hold. A fulfilment still
	 * {@code STARTING} has no execution ARN yet, though its {@code StartExecution} may be under way: its execution is
	 * stopped by the name it is started with (the order's). One that does not exist by then is refused by its first
	 * step, which finds the order cancelled. A stopped execution answers no last step, so its room in the admission is
	 * given back here rather than at the next count.
	 */
	private void callOff(Cancelled cancelled) {
		OrderFulfillment fulfillment = cancelled.fulfillment();
		String execution = fulfillment.getExecutionArn() != null ? fulfillment.getExecutionArn()
				: stateMachine.executionArn(fulfillment.getOrderId());
		try {
			if (stateMachine.stop(execution, PAYMENT_REJECTED, fulfillment.getFailureCause())) {
				admission.executionEnded();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not stop the execution of cancelled order {}: its next step finds the order cancelled"
					+ " and ends it ({})", fulfillment.getOrderId(), ex.toString());
		}
		releases.afterCompensation(fulfillment.getOrderId());
	}

	private record Cancelled(OrderFulfillment fulfillment) {
	}
}
