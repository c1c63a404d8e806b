package io.securecart.checkout.order;

import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.events.PaymentRejected;

/** What checkout makes of a {@code PaymentAuthorized} ({@link Order#paymentAuthorized}). */
public sealed interface PaymentAnswer {

	/** The rejection to publish, if the payment must be given back. */
	default Optional<PaymentRejected> rejection() {
		return Optional.empty();
	}

	/** Paid the order, or recorded only: late, announced again, or refunded already by what cancelled the order. */
	record Recorded() implements PaymentAnswer {
	}

	/**
	 * Not taken: payment refunds it, inventory releases and fulfillment stops the order (ADR 44).
	 * @param why the timeline's detail of the rejection
	 * @param goodsLeft the order had shipped and stays shipped: a person decides about the goods (ADR 35)
	 */
	record Rejected(PaymentRejected rejected, String why, boolean goodsLeft) implements PaymentAnswer {

		@Override
		public Optional<PaymentRejected> rejection() {
			return Optional.of(rejected);
		}
	}

	/**
	 * Another payment than the one the order heard of first: a second charge. Payment refunds per order (one
	 * {@code refund_attempt}, ADR 45), so no event can give back this one alone: it is a person's to refund.
	 */
	record SecondPayment(UUID first, UUID second, Money amount) implements PaymentAnswer {
	}
}
