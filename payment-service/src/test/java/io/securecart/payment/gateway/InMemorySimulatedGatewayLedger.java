package io.securecart.payment.gateway;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.securecart.contracts.Money;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * The simulated gateway's books in one JVM, for tests that need no database: the same answers as
 * {@link JdbcSimulatedGatewayLedger}, each method atomic. {@code SimulatedPaymentGatewayIT} proves the PostgreSQL
 * ledger gives them across instances; this one is shared only by the gateways given it.
 */
class InMemorySimulatedGatewayLedger implements SimulatedGatewayLedger {

	private final Map<String, Key> keys = new HashMap<>();

	private final Map<String, Charge> charges = new HashMap<>();

	private final Map<String, Refund> refunds = new HashMap<>();

	@Override
	public synchronized Optional<Answered> answerOf(String idempotencyKey) {
		return Optional.ofNullable(keys.get(idempotencyKey)).map(Key::answered);
	}

	@Override
	public synchronized Answered answerCharge(String idempotencyKey, Call call, Authorization answer,
			String otherReference, Money amount, Instant now) {
		Key known = keys.get(idempotencyKey);
		if (known != null) {
			return known.answered();
		}
		Authorization given = answer;
		if (answer instanceof Authorization.Approved(String reference)) {
			requireNotNegative("simulated_gateway_charge", amount);
			Charge booked = charges.get(reference);
			if (booked != null && booked.key() != null) {
				// A charge this key made before it was forgotten: a new call, a second charge.
				given = new Authorization.Approved(otherReference);
			}
			else if (booked != null) {
				// A charge of the previous release a refund adopted: this key's, and it gets the key.
				charges.put(reference, new Charge(idempotencyKey, booked.amount(), booked.refunded()));
			}
		}
		Answered answered = new Answered(call, given);
		keys.put(idempotencyKey, new Key(answered, now));
		if (given instanceof Authorization.Approved(String reference) && !charges.containsKey(reference)) {
			charges.put(reference, new Charge(idempotencyKey, amount, new Money(BigDecimal.ZERO, amount.currency())));
		}
		return answered;
	}

	@Override
	public synchronized Answered answerRefund(String idempotencyKey, Call call, String refundReference,
			String chargeReference, Money amount, Money previousReleaseCharge, Instant now) {
		Key known = keys.get(idempotencyKey);
		if (known != null) {
			return known.answered();
		}
		requireNotNegative("simulated_gateway_refund", amount);
		Charge charge = charges.get(chargeReference);
		if (charge == null && previousReleaseCharge != null) {
			// Adopted with the refund, or not at all when it is refused: its key unknown, nothing given back yet.
			charge = new Charge(null, previousReleaseCharge,
					new Money(BigDecimal.ZERO, previousReleaseCharge.currency()));
		}
		if (charge == null) {
			throw new RefundRefusedException("No charge %s to refund".formatted(chargeReference));
		}
		if (!charge.amount().currency().equals(amount.currency())) {
			throw new RefundRefusedException("Charge %s is in %s, not %s".formatted(chargeReference,
					charge.amount().currency(), amount.currency()));
		}
		Money after = charge.refunded().plus(amount);
		if (after.amount().compareTo(charge.amount().amount()) > 0) {
			throw new RefundRefusedException("Charge %s of %s cannot give back %s more (%s given back)".formatted(
					chargeReference, charge.amount(), amount,
					charge.refunded().amount().signum() == 0 ? "nothing" : charge.refunded()));
		}
		charges.put(chargeReference, new Charge(charge.key(), charge.amount(), after));
		refunds.put(refundReference, new Refund(idempotencyKey, chargeReference, amount));
		Answered answered = new Answered(call, new RefundReceipt(refundReference));
		keys.put(idempotencyKey, new Key(answered, now));
		return answered;
	}

	@Override
	public synchronized boolean madeCharge(String chargeReference, String idempotencyKey, Money amount) {
		Charge charge = charges.get(chargeReference);
		return charge != null && charge.key() != null && charge.key().equals(idempotencyKey)
				&& charge.amount().equals(amount);
	}

	@Override
	public synchronized boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference,
			Money amount) {
		Refund refund = refunds.get(refundReference);
		return refund != null && refund.chargeReference().equals(chargeReference)
				&& refund.amount().equals(amount) && (idempotencyKey == null || refund.key().equals(idempotencyKey));
	}

	@Override
	public synchronized void forget(String idempotencyKey) {
		keys.remove(idempotencyKey);
	}

	@Override
	public synchronized long forgetAnsweredBefore(Instant cutoff) {
		int before = keys.size();
		keys.values().removeIf(key -> key.answeredAt().isBefore(cutoff));
		return before - keys.size();
	}

	/**
	 * The books' own checks, as PostgreSQL's (V9, V10): a charge or a refund of nothing is kept (an order may total
	 * 0.00, and its compensation refunds 0.00), one of less than nothing is refused, and nothing is written.
	 */
	private static void requireNotNegative(String table, Money amount) {
		if (amount.amount().signum() < 0) {
			throw new DataIntegrityViolationException("%s refuses an amount of %s".formatted(table, amount));
		}
	}

	private record Key(Answered answered, Instant answeredAt) {
	}

	private record Charge(String key, Money amount, Money refunded) {
	}

	private record Refund(String key, String chargeReference, Money amount) {
	}
}
