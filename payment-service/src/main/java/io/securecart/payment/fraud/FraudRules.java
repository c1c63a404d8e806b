package io.securecart.payment.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.securecart.contracts.HighValueOrders;
import io.securecart.contracts.Money;
import io.securecart.contracts.events.OrderPlaced;

/**
 * Explainable screening: each rule that applies adds points and a sentence, and the total decides. A reviewer (and a
 * customer who asks) reads exactly why. No model, no hidden weights.
 *
 * <pre>
 * card reported stolen                                   +100
 * total not the sum of its lines                         +100
 * total at least 5 x the high-value threshold             +50
 * 3 or more high-value orders by the customer in window  +50 (5 or more: +100)
 * the customer's first high-value order                   +25
 *
 * 100 or more: FAIL      50 to 99: REVIEW      under 50: PASS
 * </pre>
 */
final class FraudRules {

	static final int FAIL_AT = 100;

	static final int REVIEW_AT = 50;

	private final Set<String> stolenCardFingerprints;

	FraudRules(List<String> stolenCardTokens) {
		this.stolenCardFingerprints = stolenCardTokens.stream()
			.map(OrderPlaced::fingerprintOf)
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * @param earlierInWindow the customer's other high-value orders placed in the velocity window
	 * @param firstHighValueOrder whether the customer never placed a high-value order before
	 */
	Assessment assess(OrderPlaced order, long earlierInWindow, boolean firstHighValueOrder) {
		Money threshold = HighValueOrders.threshold();
		List<String> reasons = new ArrayList<>();
		int score = 0;
		if (order.cardFingerprint() != null && stolenCardFingerprints.contains(order.cardFingerprint())) {
			score += 100;
			reasons.add("card reported stolen (+100)");
		}
		if (!totalIsTheSumOfItsLines(order)) {
			// Checkout prices every line and sums them; a total that disagrees was not written by it. The order's
			// own copy on the bus is screened even when payment refused its coupled request for this (ADR 42).
			score += 100;
			reasons.add("total %s is not the sum of its lines (+100)".formatted(order.total()));
		}
		if (order.total().isGreaterThanOrEqualTo(threshold.times(5))) {
			score += 50;
			reasons.add("total %s is at least 5 times the high-value threshold %s (+50)".formatted(order.total(),
					threshold));
		}
		long inWindow = earlierInWindow + 1;
		if (inWindow >= 5) {
			score += 100;
			reasons.add("%d high-value orders by the customer within the velocity window (+100)".formatted(inWindow));
		}
		else if (inWindow >= 3) {
			score += 50;
			reasons.add("%d high-value orders by the customer within the velocity window (+50)".formatted(inWindow));
		}
		if (firstHighValueOrder) {
			score += 25;
			reasons.add("the customer's first order above %s (+25)".formatted(threshold));
		}
		Outcome outcome = score >= FAIL_AT ? Outcome.FAIL : score >= REVIEW_AT ? Outcome.REVIEW : Outcome.PASS;
		if (reasons.isEmpty()) {
			reasons.add("no rule raised a concern");
		}
		reasons.add("score %d: %s".formatted(score, outcome.describe()));
		return new Assessment(outcome, score, List.copyOf(reasons));
	}

	private static boolean totalIsTheSumOfItsLines(OrderPlaced order) {
		try {
			Money sum = order.lines()
				.stream()
				.map(line -> line.unitPrice().times(line.quantity()))
				.reduce(Money::plus)
				.orElse(null);
			return sum != null && sum.isGreaterThanOrEqualTo(order.total()) && order.total().isGreaterThanOrEqualTo(sum);
		}
		catch (IllegalArgumentException mixedCurrencies) {
			return false;
		}
	}

	enum Outcome {

		PASS, REVIEW, FAIL;

		String describe() {
			return switch (this) {
				case PASS -> "under " + REVIEW_AT + ", passed";
				case REVIEW -> REVIEW_AT + " to " + (FAIL_AT - 1) + ", a person reviews it";
				case FAIL -> FAIL_AT + " or more, failed";
			};
		}
	}

	record Assessment(Outcome outcome, int score, List<String> reasons) {
	}
}
