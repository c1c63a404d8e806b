package io.securecart.payment.fraud;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FraudRulesTest {

	private final FraudRules rules = new FraudRules(List.of("tok_stolen"));

	@Test
	void passesARegularCustomersHighValueOrderAndSaysWhy() {
		FraudRules.Assessment assessment = rules.assess(order("1299.00", "tok_visa"), 0, false);

		assertThat(assessment.outcome()).isEqualTo(FraudRules.Outcome.PASS);
		assertThat(assessment.score()).isZero();
		assertThat(assessment.reasons()).containsExactly("no rule raised a concern", "score 0: under 50, passed");
	}

	@Test
	void aFirstHighValueOrderAloneStillPasses() {
		FraudRules.Assessment assessment = rules.assess(order("1299.00", "tok_visa"), 0, true);

		assertThat(assessment.outcome()).isEqualTo(FraudRules.Outcome.PASS);
		assertThat(assessment.score()).isEqualTo(25);
		assertThat(assessment.reasons()).first().isEqualTo("the customer's first order above 1000.00 USD (+25)");
	}

	@Test
	void failsAStolenCardRecognisedByItsFingerprintAlone() {
		OrderPlaced stolen = order("1299.00", "tok_stolen").withoutPaymentToken();

		FraudRules.Assessment assessment = rules.assess(stolen, 0, false);

		assertThat(assessment.outcome()).isEqualTo(FraudRules.Outcome.FAIL);
		assertThat(assessment.reasons()).contains("card reported stolen (+100)");
	}

	@Test
	void failsAnOrderWhoseTotalIsNotTheSumOfItsLines() {
		OrderPlaced overcharged = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
				List.of(new OrderLine("SC-LAPTOP-005", 2, Money.of("649.50"))), Money.of("1399.00"), "tok_visa",
				Instant.parse("2026-12-06T15:40:00Z"));

		FraudRules.Assessment assessment = rules.assess(overcharged, 0, false);

		assertThat(assessment.outcome()).isEqualTo(FraudRules.Outcome.FAIL);
		assertThat(assessment.reasons()).contains("total 1399.00 USD is not the sum of its lines (+100)");
		assertThat(rules.assess(new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
				List.of(new OrderLine("SC-LAPTOP-005", 2, Money.of("649.50"))), Money.of("1299.0"), "tok_visa",
				Instant.parse("2026-12-06T15:40:00Z")), 0, false).outcome())
			.as("the same sum at another scale").isEqualTo(FraudRules.Outcome.PASS);
	}

	@Test
	void sendsAVeryLargeOrderToAPersonFromFiveTimesTheThreshold() {
		assertThat(rules.assess(order("4999.99", "tok_visa"), 0, false).outcome()).isEqualTo(FraudRules.Outcome.PASS);

		FraudRules.Assessment large = rules.assess(order("5000.00", "tok_visa"), 0, true);

		assertThat(large.outcome()).isEqualTo(FraudRules.Outcome.REVIEW);
		assertThat(large.score()).isEqualTo(75);
		assertThat(large.reasons()).contains(
				"total 5000.00 USD is at least 5 times the high-value threshold 1000.00 USD (+50)",
				"score 75: 50 to 99, a person reviews it");
	}

	@Test
	void countsTheCustomersRecentHighValueOrders() {
		assertThat(rules.assess(order("1299.00", "tok_visa"), 1, false).outcome())
			.isEqualTo(FraudRules.Outcome.PASS);
		assertThat(rules.assess(order("1299.00", "tok_visa"), 2, false).reasons())
			.contains("3 high-value orders by the customer within the velocity window (+50)");
		assertThat(rules.assess(order("1299.00", "tok_visa"), 2, false).outcome())
			.isEqualTo(FraudRules.Outcome.REVIEW);
		assertThat(rules.assess(order("1299.00", "tok_visa"), 4, false).outcome())
			.isEqualTo(FraudRules.Outcome.FAIL);
	}

	private static OrderPlaced order(String total, String token) {
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
				List.of(new OrderLine("SC-LAPTOP-005", 1, Money.of(total))), Money.of(total), token, Instant.now());
	}
}
