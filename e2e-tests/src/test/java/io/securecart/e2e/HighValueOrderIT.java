package io.securecart.e2e;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tier 4: a high-value order takes the detour through five processes and the emulator: checkout puts it on the
 * EventBridge bus, the {@code high-value-orders} rule routes it to fraud screening, the verdict goes out on the topic,
 * and payment takes money only after a passing verdict.
 */
class HighValueOrderIT {

	/** 2,499.00 USD each: at or above the threshold declared in infra/topology.json. */
	private static final String WORKSTATION = "SC-WORKSTATION-007";

	private static final Duration SETTLED = Duration.ofSeconds(3);

	private static Shopper shopper;

	@BeforeAll
	static void startSystem() {
		shopper = new Shopper(RunningSystem.get());
	}

	@Test
	void aHighValueOrderThatPassesScreeningIsPaidAndShipped() {
		Shopper.Response placed = shopper.placeOrder(customer("passed"), "tok_visa", WORKSTATION, 1);

		assertThat(placed.status()).isEqualTo(202);
		assertThat(placed.body().path("status").asString()).isEqualTo("SCREENING");
		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("SHIPPED");
		assertThat(order.path("timeline").findValuesAsString("event")).containsSubsequence("OrderPlaced",
				"FraudScreeningPassed", "OrderShipped")
			.contains("PaymentAuthorized");
		assertThat(shopper.fraudScreening(placed.orderId()).path("status").asString()).isEqualTo("PASSED");
		assertThat(shopper.payments(placed.orderId())).singleElement()
			.satisfies(payment -> assertThat(payment.path("status").asString()).isEqualTo("AUTHORIZED"));
	}

	@Test
	void aHighValueOrderThatFailsScreeningIsCancelledUnchargedAndTheCustomerToldOnce() {
		Shopper.Response placed = shopper.placeOrder(customer("stolen"), "tok_stolen", WORKSTATION, 1);

		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("cancellationReason").asString()).isEqualTo("FRAUD_SUSPECTED");
		// The reasons are for payment's reviewers; the customer's order says only that it was not confirmed.
		assertThat(shopper.fraudScreening(placed.orderId()).path("reasons").toString()).contains("card reported stolen");
		assertThat(order.path("timeline").toString()).doesNotContain("stolen").contains("not confirmed");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.notifications(placed.orderId())).singleElement()
				.satisfies(notification -> assertThat(notification.path("kind").asString())
					.isEqualTo("ORDER_CANCELLED_NOT_CHARGED")));
		await().during(SETTLED).atMost(SETTLED.plusSeconds(5)).untilAsserted(() -> {
			assertThat(shopper.payments(placed.orderId())).isEmpty();
			assertThat(shopper.notifications(placed.orderId())).hasSize(1);
		});
		assertThat(shopper.shipments(placed.orderId())).isEmpty();
	}

	@Test
	void aReviewAnAdministratorApprovesIsPaidAndShipped() {
		// 3 x 2,499.00: at least 5 times the threshold, so a person reviews it.
		Shopper.Response placed = shopper.placeOrder(customer("approved"), "tok_visa", WORKSTATION, 3);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> shopper.order(placed.orderId()).path("status").asString().equals("UNDER_REVIEW"));
		assertThat(shopper.pendingFraudReviews().findValuesAsString("orderId")).contains(placed.orderId());
		assertThat(shopper.payments(placed.orderId())).as("nothing charged while under review").isEmpty();

		shopper.decideFraudReview(placed.orderId(), "approve");

		JsonNode order = shopper.awaitTerminal(placed.orderId());
		assertThat(order.path("status").asString()).isEqualTo("SHIPPED");
		assertThat(order.path("timeline").findValuesAsString("event")).containsSubsequence("FraudReviewRequired",
				"FraudScreeningPassed", "OrderShipped");
		assertThat(shopper.payments(placed.orderId())).hasSize(1);
	}

	@Test
	void aReviewNobodyDecidesIsRejectedInTimeAndNothingIsCharged() {
		Shopper.Response placed = shopper.placeOrder(customer("timeout"), "tok_visa", WORKSTATION, 3);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> shopper.order(placed.orderId()).path("status").asString().equals("UNDER_REVIEW"));
		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("cancellationReason").asString()).isEqualTo("FRAUD_SUSPECTED");
		assertThat(shopper.fraudScreening(placed.orderId()).path("status").asString()).isEqualTo("TIMED_OUT");
		assertThat(shopper.payments(placed.orderId())).isEmpty();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.notifications(placed.orderId())).hasSize(1));
	}

	/**
	 * A registered customer of this run, new to every test: the screening rules count a customer's high-value orders,
	 * so each scenario starts from none.
	 */
	private static String customer(String scenario) {
		return RunningSystem.get().newCustomer();
	}
}
