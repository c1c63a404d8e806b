package io.securecart.payment.charge;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where high-value orders wait for their fraud verdict. Each step is one short transaction on the order's row; two
 * deliveries racing on the same order collide on its primary key or version, and the loser's message is retried.
 */
@Component
class PaymentHolds {

	private final PaymentHoldRepository holds;

	private final OrderEventCodec codec;

	private final Clock clock;

	PaymentHolds(PaymentHoldRepository holds, OrderEventCodec codec, Clock clock) {
		this.holds = holds;
		this.codec = codec;
		this.clock = clock;
	}

	/** Holds {@code order} until its verdict; the verdict, if it came first. */
	@Transactional
	Optional<PaymentHold.Verdict> hold(OrderPlaced order) {
		PaymentHold hold = find(order.orderId(), order.customerId());
		hold.hold(codec.encode(order));
		holds.save(hold);
		return hold.verdict();
	}

	/**
	 * Records a verdict (the first one counts). A failed order is released, so it is never charged.
	 * @return the held order, when it passed and arrived before its verdict: to charge now
	 */
	@Transactional
	Optional<OrderPlaced> verdict(UUID orderId, String customerId, PaymentHold.Verdict verdict, String decidedBy) {
		PaymentHold hold = find(orderId, customerId);
		hold.decide(verdict, decidedBy);
		if (hold.verdict().orElseThrow() == PaymentHold.Verdict.FAILED) {
			hold.release(clock.instant());
		}
		holds.save(hold);
		return hold.orderToCharge().map(body -> (OrderPlaced) codec.decode("OrderPlaced", body));
	}

	/** The payment of a held order was decided: forget the order and its token. Nothing if it was not held. */
	@Transactional(propagation = Propagation.MANDATORY)
	void paymentDecided(UUID orderId) {
		release(orderId);
	}

	/**
	 * The charge of a held order was set aside for reconciliation (ADR 42): nothing may charge it any more, so the
	 * hold is done, as when its payment is decided. Released, the order and its token are forgotten, and a verdict
	 * delivered again finds nothing to charge; what a settlement needs (the lines, no token) is the attempt's. Nothing
	 * if it was not held.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void chargeSetAside(UUID orderId) {
		release(orderId);
	}

	private void release(UUID orderId) {
		holds.findById(orderId).ifPresent(hold -> {
			hold.release(clock.instant());
			holds.save(hold);
		});
	}

	private PaymentHold find(UUID orderId, String customerId) {
		return holds.findById(orderId).orElseGet(() -> new PaymentHold(orderId, customerId, clock.instant()));
	}
}
