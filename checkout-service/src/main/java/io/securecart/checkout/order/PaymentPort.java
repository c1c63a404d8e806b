package io.securecart.checkout.order;

import io.securecart.contracts.events.OrderPlaced;

/**
 * How checkout asks payment-service to charge an order: the one seam between the decoupled design and the coupled
 * baseline ({@code securecart.checkout.payment-mode}, see docs/coupled-baseline.md).
 * <ul>
 * <li>Decoupled (the default): {@code OrderPlaced} goes to {@code orders.fifo} through the outbox, in the transaction
 * that saves the order, and the customer has an answer at once. Payment takes it from the queue when it can.</li>
 * <li>Coupled: checkout calls payment-service over HTTP and waits for its decision before it answers, so the
 * customer waits for payment, and cannot order at all while payment is down.</li>
 * </ul>
 * Either way payment announces its decision on the {@code order-events} topic, and the order follows the same events.
 */
public interface PaymentPort {

	/** In the transaction that saves a new order: what must be recorded with it, if anything. */
	void orderPlaced(OrderPlaced order);

	/**
	 * After the order was committed, before {@code POST /api/orders} answers; for a replayed request too.
	 * @param order the order as the customer will see it
	 * @param paymentToken the token of this request (checkout stores none)
	 * @throws PaymentUnavailableException when payment has to be asked now and cannot answer
	 */
	void beforeAnswering(OrderView order, PaymentToken paymentToken);

}
