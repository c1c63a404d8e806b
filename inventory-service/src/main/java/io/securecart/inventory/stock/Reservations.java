package io.securecart.inventory.stock;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;
import io.securecart.inventory.recommendation.AlsoBought;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves stock for paid orders, commits it when they ship and releases it when they will not. Each method is one
 * transaction on the primary that records the event in the inbox, applies its effect and writes any resulting event to
 * the outbox: all of it, or none of it. Each product and reservation it changes is saved right after the change, in
 * that transaction: nothing writes a change that was not saved.
 */
@Service
class Reservations {

	static final String CONSUMER = "inventory-service";

	private static final Logger log = LoggerFactory.getLogger(Reservations.class);

	private final ProductRepository products;

	private final ReservationRepository reservations;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Clock clock;

	private final AlsoBought alsoBought;

	Reservations(ProductRepository products, ReservationRepository reservations, Inbox inbox, Outbox outbox,
			Clock clock, AlsoBought alsoBought) {
		this.clock = clock;
		this.alsoBought = alsoBought;
		this.products = products;
		this.reservations = reservations;
		this.inbox = inbox;
		this.outbox = outbox;
	}

	/**
	 * Reserves every line of a paid order, or none: publishes {@link StockReserved} if all fit, otherwise
	 * {@link StockRejected} with the SKUs that do not, and changes nothing. A payment whose amount is not what its
	 * lines cost does not pay for them, and cannot be processed: it fails ({@link PaymentNotForItsLinesException}),
	 * nothing is reserved or recorded, and after the queue's retries it rests in {@code inventory-order-events-dlq}
	 * for an operator. Nor is anything reserved for an order checkout cancelled already
	 * ({@link #release(PaymentRejected)} came first).
	 */
	@Transactional
	void reserve(PaymentAuthorized payment) {
		if (!inbox.firstDelivery(CONSUMER, payment)) {
			log.debug("Already applied {} for order {}", payment.eventId(), payment.orderId());
			return;
		}
		Money linesTotal = payment.lines().stream().map(OrderLine::lineTotal).reduce(Money::plus).orElse(null);
		if (!payment.amount().equals(linesTotal)) {
			// Checkout's orders cannot produce this (payment refuses an amount that is not the lines' total), so it
			// is a bug or a forged message: not "out of stock" for the customer (StockRejected would say that), and
			// not acknowledged silently either. It fails into the DLQ, where an operator inspects and redrives it;
			// the listener logs it, at ERROR once, on the receive that sends it there.
			throw new PaymentNotForItsLinesException(payment, linesTotal);
		}
		// Takes turns with the order's cancellation: recorded before this looks, or it finds what this reserved.
		reservations.lockOrder(payment.orderId());
		if (reservations.isCancelled(payment.orderId())) {
			log.info("Not reserving stock for order {}: it was cancelled before its payment {} arrived here",
					payment.orderId(), payment.paymentId());
			return;
		}
		OrderDemand demand = OrderDemand.of(payment.lines());
		// Lock first, then decide: no other order can take this stock between the check and the reservation.
		Map<String, Product> locked = lockProducts(demand.skus());
		// Checked under the locks, so two deliveries of a payment for the same order cannot both get here.
		if (reservations.existsByIdOrderId(payment.orderId())) {
			log.info("Order {} already has reserved stock; ignoring payment event {}", payment.orderId(),
					payment.eventId());
			return;
		}
		Shortfall shortfall = demand.shortfallIn(locked);
		if (!shortfall.isEmpty()) {
			log.info("Rejecting order {}: {} for {}", payment.orderId(), shortfall.reason(),
					shortfall.unavailableSkus());
			outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, new StockRejected(UUID.randomUUID(), payment.orderId(),
					payment.customerId(), shortfall.unavailableSkus(), shortfall.reason(), clock.instant()));
			return;
		}
		demand.quantities().forEach((sku, quantity) -> {
			Product product = locked.get(sku);
			product.reserve(quantity);
			products.save(product);
			reservations.save(Reservation.of(payment.orderId(), sku, quantity));
		});
		log.info("Reserved stock for order {}: {}", payment.orderId(), demand.quantities());
		outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, new StockReserved(UUID.randomUUID(), payment.orderId(),
				payment.customerId(), payment.lines(), clock.instant()));
	}

	/** The order shipped: its reserved stock leaves the warehouse. */
	@Transactional
	void commit(OrderShipped shipment) {
		if (!inbox.firstDelivery(CONSUMER, shipment)) {
			log.debug("Already applied {} for order {}", shipment.eventId(), shipment.orderId());
			return;
		}
		// What the customer bought feeds "customers who viewed or bought this also bought", in this transaction.
		alsoBought.bought(shipment.customerId(), shipment.lines().stream().map(OrderLine::sku).toList());
		List<Reservation> reserved = reservations.lockReservedFor(shipment.orderId());
		if (reserved.isEmpty() && reservations.isCancelled(shipment.orderId())) {
			takeOffShippedAfterRelease(shipment, reservations.lockReleasedFor(shipment.orderId()));
			return;
		}
		if (reserved.isEmpty()) {
			log.warn("Order {} shipped, but it has no reserved stock (already committed, or never reserved)",
					shipment.orderId());
			return;
		}
		settle(reserved, (product, reservation) -> {
			product.commitReserved(reservation.quantity());
			reservation.commit();
		});
		log.info("Committed stock of shipped order {}", shipment.orderId());
	}

	/**
	 * The order was cancelled ({@code PaymentRejected} came first) and its stock put back on sale, but its goods had
	 * left (ADR 44 point 5): left alone, {@code stockOnHand} would stay high by what shipped and those units would be
	 * sold again. They come off the stock on hand as far as nobody reserved them since; what was sold again is an
	 * ERROR for a person (a stock count, the orders that took them).
	 */
	private void takeOffShippedAfterRelease(OrderShipped shipment, List<Reservation> released) {
		if (released.isEmpty()) {
			log.warn("Order {} shipped after it was cancelled, but none of its stock was released (never reserved)",
					shipment.orderId());
			return;
		}
		settle(released, (product, reservation) -> {
			int taken = product.takeOffShippedAfterRelease(reservation.quantity());
			reservation.shippedAfterRelease();
			if (taken < reservation.quantity()) {
				log.error("Order {} shipped {} of {} after its cancellation put them back on sale; {} were sold again"
						+ " meanwhile (stock on hand {}, reserved {}): only {} taken off, a stock count is owed",
						shipment.orderId(), reservation.quantity(), reservation.sku(),
						reservation.quantity() - taken, product.getStockOnHand(), product.getReserved(), taken);
			}
		});
		log.warn("Order {} shipped after its cancellation released its stock: what left was taken off the stock on"
				+ " hand again", shipment.orderId());
	}

	/** Compensation: the order's fulfillment failed, its reserved stock is available again. */
	@Transactional
	void release(FulfillmentFailed failure) {
		if (!inbox.firstDelivery(CONSUMER, failure)) {
			log.debug("Already applied {} for order {}", failure.eventId(), failure.orderId());
			return;
		}
		List<Reservation> reserved = reservations.lockReservedFor(failure.orderId());
		if (reserved.isEmpty()) {
			log.warn("Fulfillment of order {} failed, but it has no reserved stock (already released or committed)",
					failure.orderId());
			return;
		}
		releaseAll(reserved);
		log.info("Released stock of order {}: its fulfillment failed ({})", failure.orderId(), failure.reason());
	}

	/**
	 * Compensation: checkout cancelled the order, as the amount authorised is not its total; its reserved stock is
	 * available again. The cancellation is kept: SNS to a standard queue keeps no order, so the payment may arrive
	 * after it, and must reserve nothing then. Stock committed by a shipment that came first left with the order and
	 * is not put back (ADR 35, ADR 44).
	 */
	@Transactional
	void release(PaymentRejected rejection) {
		if (!inbox.firstDelivery(CONSUMER, rejection)) {
			log.debug("Already applied {} for order {}", rejection.eventId(), rejection.orderId());
			return;
		}
		reservations.lockOrder(rejection.orderId());
		Instant now = clock.instant();
		reservations.recordCancellation(rejection.orderId(), now);
		List<Reservation> reserved = reservations.lockReservedFor(rejection.orderId());
		if (reserved.isEmpty()) {
			if (reservations.existsByIdOrderId(rejection.orderId())) {
				log.warn("Order {} was cancelled (payment {} rejected), but its stock is no longer reserved: it shipped"
						+ " (the goods left) or was released already", rejection.orderId(), rejection.paymentId());
			}
			else {
				log.info("Order {} was cancelled (payment {} rejected) before stock was reserved for it: none will be",
						rejection.orderId(), rejection.paymentId());
			}
			return;
		}
		releaseAll(reserved);
		log.info("Released stock of order {}: checkout rejected its payment {} ({} authorised, the total is {})",
				rejection.orderId(), rejection.paymentId(), rejection.authorized(), rejection.orderTotal());
	}

	private void releaseAll(List<Reservation> reserved) {
		settle(reserved, (product, reservation) -> {
			product.releaseReserved(reservation.quantity());
			reservation.release();
		});
	}

	/**
	 * Ends an order's locked reservations one way (committed or released): locks their products, lets the settlement
	 * move each reservation and its product on, and saves both.
	 */
	private void settle(List<Reservation> reserved, BiConsumer<Product, Reservation> settlement) {
		Map<String, Product> locked = lockProducts(reserved.stream().map(Reservation::sku).toList());
		for (Reservation reservation : reserved) {
			Product product = locked.get(reservation.sku());
			settlement.accept(product, reservation);
			products.save(product);
			reservations.save(reservation);
		}
	}

	private Map<String, Product> lockProducts(Collection<String> skus) {
		return products.lockAll(skus).stream().collect(Collectors.toMap(Product::getSku, Function.identity()));
	}
}
