package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Issues the invoices that shipped orders still owe. An order's parcels leave at Ship, and OrderShipped with them;
 * the Invoice step that follows can fail for good (the warehouse's billing down through every retry, after which the
 * execution ends in {@code InvoiceOwed}) or never run (the execution was stopped after Ship). The order is not failed
 * for it, since its goods left (ADR 35). Every {@code reconcile-interval}, the orders shipped longer than
 * {@code reconcile-after} ago without an invoice are invoiced here, oldest first, as the Invoice step would have done
 * it; each one is logged at WARN, and one that fails again goes to the back of the line, tried again once it has
 * waited {@code reconcile-after} more, so orders the warehouse keeps refusing cannot fill every round.
 */
@Component
class OwedInvoices {

	private static final Logger log = LoggerFactory.getLogger(OwedInvoices.class);

	private final OrderFulfillmentRepository fulfillments;

	private final FulfillmentTasks tasks;

	private final FulfillmentProperties properties;

	private final Clock clock;

	OwedInvoices(OrderFulfillmentRepository fulfillments, FulfillmentTasks tasks, FulfillmentProperties properties,
			Clock clock) {
		this.fulfillments = fulfillments;
		this.tasks = tasks;
		this.properties = properties;
		this.clock = clock;
	}

	/** To the back of the line; a failure to record it leaves the order where it was, and the round goes on. */
	private void attempted(UUID orderId) {
		try {
			fulfillments.owedWorkAttempted(orderId, clock.instant());
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the failed invoice of order {}: {}", orderId, ex.toString());
		}
	}

	@Scheduled(fixedDelayString = "${securecart.fulfillment.reconcile-interval:1m}")
	void issue() {
		for (UUID orderId : fulfillments.findOwingInvoice(clock.instant().minus(properties.reconcileAfter()))) {
			try {
				tasks.issueOwedInvoice(orderId)
					.ifPresent(invoiceNumber -> log.warn("Order {} shipped without its invoice: issued {} now", orderId,
							invoiceNumber));
			}
			catch (RuntimeException ex) {
				log.warn("Could not issue the invoice order {} owes yet: {}", orderId, ex.toString());
				attempted(orderId);
			}
		}
	}
}
