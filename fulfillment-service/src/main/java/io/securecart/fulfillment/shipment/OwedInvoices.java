package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues the invoices that shipped orders still owe. An order's parcels leave at Ship, and OrderShipped with them;
 * the Invoice step that follows can fail for good (the warehouse's billing down through every retry, after which the
 * execution ends in {@code InvoiceOwed}) or never run (the execution was stopped after Ship). The order is not failed
 * for it, since its goods left (ADR 35). Every {@code reconcile-interval}, the orders shipped longer than
 * {@code reconcile-after} ago without an invoice are invoiced here, oldest first, as the Invoice step would have done
 * it: read, asked of the warehouse with no transaction open, saved under the version read, so an Invoice step that
 * issued it meanwhile fails this save on its version (ADR 38). Each one is logged at WARN, and one that fails again
 * goes to the back of the line, tried again once it has waited {@code reconcile-after} more, so orders the warehouse
 * keeps refusing cannot fill every round.
 */
@Component
class OwedInvoices {

	private static final Logger log = LoggerFactory.getLogger(OwedInvoices.class);

	private final OrderFulfillmentRepository fulfillments;

	private final Warehouse warehouse;

	private final FulfillmentProperties properties;

	private final Clock clock;

	private final TransactionTemplate transactions;

	OwedInvoices(OrderFulfillmentRepository fulfillments, Warehouse warehouse, FulfillmentProperties properties,
			Clock clock, PlatformTransactionManager transactionManager) {
		this.fulfillments = fulfillments;
		this.warehouse = warehouse;
		this.properties = properties;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Scheduled(fixedDelayString = "${securecart.fulfillment.reconcile-interval:1m}")
	void issueOwed() {
		for (UUID orderId : fulfillments.findOwingInvoice(clock.instant().minus(properties.reconcileAfter()))) {
			try {
				issue(orderId)
					.ifPresent(invoiceNumber -> log.warn("Order {} shipped without its invoice: issued {} now", orderId,
							invoiceNumber));
			}
			catch (RuntimeException ex) {
				log.warn("Could not issue the invoice order {} owes yet: {}", orderId, ex.toString());
				fulfillments.owedWorkFailed(orderId, clock.instant());
			}
		}
	}

	/** @return the invoice number; empty when the order owed none (invoiced meanwhile, or not shipped) */
	Optional<String> issue(UUID orderId) {
		OrderFulfillment fulfillment = fulfillments.findById(orderId)
			.orElseThrow(() -> new IllegalStateException("No fulfillment for order " + orderId));
		if (fulfillment.getStatus() != FulfillmentStatus.SHIPPED || !fulfillment.owesInvoice()) {
			return Optional.empty();
		}
		fulfillment.invoiced(warehouse.invoice(orderId, fulfillment.getLines()));
		try {
			transactions.executeWithoutResult(status -> fulfillments.saveProgress(fulfillment));
		}
		catch (OptimisticLockingFailureException ex) {
			if (fulfillments.findById(orderId).map(OrderFulfillment::getInvoiceNumber).isPresent()) {
				return Optional.empty(); // the Invoice step, or another instance, issued it meanwhile
			}
			throw ex;
		}
		return Optional.of(fulfillment.getInvoiceNumber());
	}
}
