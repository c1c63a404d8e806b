package io.securecart.e2e;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tier 4: an order travels checkout → SQS FIFO → payment → SNS → inventory / fulfillment / notification and back to
 * checkout, through five separate processes. Everything is observed through the services' REST APIs.
 */
class OrderPipelineIT {

	private static RunningSystem system;

	private static Shopper shopper;

	@BeforeAll
	static void startSystem() {
		system = RunningSystem.get();
		shopper = new Shopper(system);
	}

	@Test
	void aPaidOrderIsShippedAndTheStockLeavesTheShelf() {
		int stockBefore = shopper.product("SC-MUG-002").path("availableStock").asInt();

		Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-MUG-002", 2);

		assertThat(placed.status()).isEqualTo(202);
		assertThat(placed.headers().getLocation()).hasToString("/api/orders/" + placed.orderId());
		assertThat(placed.body().path("status").asString()).isEqualTo("PLACED");
		assertThat(placed.body().path("total").decimalValue()).isEqualByComparingTo("25.00");

		JsonNode order = shopper.awaitTerminal(placed.orderId());
		assertThat(order.path("status").asString()).isEqualTo("SHIPPED");
		assertThat(order.path("timeline").findValuesAsString("event")).containsSubsequence("OrderPlaced",
				"OrderShipped")
			.contains("PaymentAuthorized", "StockReserved");

		assertThat(shopper.payments(placed.orderId())).singleElement()
			.satisfies(payment -> assertThat(payment.path("status").asString()).isEqualTo("AUTHORIZED"));
		assertThat(shopper.shipments(placed.orderId())).singleElement()
			.satisfies(shipment -> assertThat(shipment.path("status").asString()).isEqualTo("SHIPPED"));
		assertThat(execution(placed.orderId()).statusAsString()).isEqualTo("SUCCEEDED");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.notifications(placed.orderId())).singleElement()
				.satisfies(notification -> assertThat(notification.path("kind").asString())
					.isEqualTo("ORDER_SHIPPED")));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.product("SC-MUG-002").path("availableStock").asInt())
				.isEqualTo(stockBefore - 2));
	}

	@Test
	void anOrderFromTwoWarehousesShipsInTwoParcelsThroughASucceededExecutionNamedAfterIt() {
		String customer = system.newCustomer();
		Shopper.Response placed = shopper.placeOrder(UUID.randomUUID().toString(), Shopper.orderJson(customer, "tok_visa", "SC-TSHIRT-001", 1)
					.replace("]", ",{\"sku\":\"SC-STICKER-004\",\"quantity\":1}]"));

		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("SHIPPED");
		DescribeExecutionResponse execution = execution(placed.orderId());
		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(execution.name()).isEqualTo(placed.orderId());
		// The shopper reads as an admin, who sees the execution's ARN; the customer does not: it names the AWS account.
		assertThat(shopper.shipments(placed.orderId())).hasSize(2).allSatisfy(shipment -> {
			assertThat(shipment.path("status").asString()).isEqualTo("SHIPPED");
			assertThat(shipment.path("executionArn").asString()).isEqualTo(execution.executionArn());
		});
		JsonNode asTheCustomer = system.client(Service.FULFILLMENT, customer)
			.get()
			.uri("/api/shipments?orderId=" + placed.orderId())
			.retrieve()
			.body(JsonNode.class);
		assertThat(asTheCustomer).hasSize(2)
			.allSatisfy(shipment -> assertThat(shipment.path("executionArn").isNull()).isTrue());
	}

	@Test
	void aFatalFulfillmentFailureCancelsTheOrderReleasesTheStockRefundsAndTellsTheCustomerOnce() {
		String sku = RunningSystem.DAMAGED_SKU;
		int stockBefore = shopper.product(sku).path("availableStock").asInt();

		Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", sku, 1);
		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("cancellationReason").asString()).isEqualTo("FULFILLMENT_FAILED");
		assertThat(order.path("timeline").findValuesAsString("event")).contains("StockReserved", "FulfillmentFailed");
		DescribeExecutionResponse execution = execution(placed.orderId());
		assertThat(execution.statusAsString()).isEqualTo("FAILED");
		assertThat(execution.name()).isEqualTo(placed.orderId());
		assertThat(shopper.shipments(placed.orderId())).singleElement()
			.satisfies(shipment -> assertThat(shipment.path("status").asString()).isEqualTo("CANCELLED"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(shopper.payments(placed.orderId())).singleElement()
				.satisfies(payment -> assertThat(payment.path("status").asString()).isEqualTo("REFUNDED")));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(shopper.product(sku).path("availableStock").asInt())
				.isEqualTo(stockBefore));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(shopper.order(placed.orderId()).path("timeline").findValuesAsString("event"))
				.contains("PaymentRefunded"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(shopper.notifications(placed.orderId())).singleElement()
				.satisfies(notification -> assertThat(notification.path("kind").asString())
					.isEqualTo("ORDER_CANCELLED_REFUNDED")));
		// FulfillmentFailed and the PaymentRefunded it caused both reached notification: still one message.
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> shopper.notifications(placed.orderId()).size() == 1);
	}

	/** The order's fulfillment execution, ended, from the Step Functions API. */
	private static DescribeExecutionResponse execution(String orderId) {
		try (SfnClient sfn = RunningSystem.get().infrastructure().sfnClient()) {
			String machine = sfn.listStateMachines(request -> request.maxResults(100))
				.stateMachines()
				.stream()
				.filter(each -> each.name().equals("fulfillment"))
				.findFirst()
				.orElseThrow()
				.stateMachineArn();
			String arn = machine.replace(":stateMachine:", ":execution:") + ":" + orderId;
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> sfn.describeExecution(request -> request.executionArn(arn)),
						described -> !"RUNNING".equals(described.statusAsString()));
		}
	}

	@Test
	void aDeclinedPaymentCancelsTheOrderAndShipsNothing() {
		Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_declined",
				"SC-HOODIE-003", 1);

		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("cancellationReason").asString()).isEqualTo("PAYMENT_DECLINED");
		assertThat(shopper.payments(placed.orderId())).singleElement()
			.satisfies(payment -> assertThat(payment.path("status").asString()).isEqualTo("DECLINED"));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.notifications(placed.orderId())).singleElement()
				.satisfies(notification -> assertThat(notification.path("kind").asString())
					.isEqualTo("PAYMENT_DECLINED")));
		assertThat(shopper.shipments(placed.orderId())).isEmpty();
	}

	@Test
	void anOrderThatCannotBeFilledIsCancelledAndRefundedWithStockUnchanged() {
		Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa",
				"SC-POSTER-006", 1);

		JsonNode order = shopper.awaitTerminal(placed.orderId());

		assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(order.path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.payments(placed.orderId())).singleElement()
				.satisfies(payment -> assertThat(payment.path("status").asString()).isEqualTo("REFUNDED")));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shopper.notifications(placed.orderId())).singleElement()
				.satisfies(notification -> assertThat(notification.path("kind").asString())
					.isEqualTo("ORDER_CANCELLED_REFUNDED")));
		assertThat(shopper.shipments(placed.orderId())).isEmpty();
		assertThat(shopper.product("SC-POSTER-006").path("availableStock").asInt()).isZero();
	}

	@Test
	void replayingAnIdempotencyKeyReturnsTheSameOrderAndCreatesNoOther() {
		String customer = system.newCustomer();
		String key = UUID.randomUUID().toString();
		String body = Shopper.orderJson(customer, "tok_visa", "SC-STICKER-004", 3);

		Shopper.Response first = shopper.placeOrder(key, body);
		Shopper.Response replay = shopper.placeOrder(key, body);

		assertThat(replay.status()).isEqualTo(202);
		assertThat(replay.orderId()).isEqualTo(first.orderId());
		assertThat(replay.headers().getLocation()).isEqualTo(first.headers().getLocation());
		assertThat(shopper.awaitTerminal(first.orderId()).path("status").asString()).isEqualTo("SHIPPED");
		assertThat(shopper.ordersOf(customer)).hasSize(1);
		assertThat(shopper.payments(first.orderId())).hasSize(1);
	}

	@Test
	void malformedJsonIsABadRequestProblem() {
		assertBadRequestProblem(shopper.placeOrder(UUID.randomUUID().toString(), "{\"customerId\": \"x\", "));
	}

	@Test
	void anUnknownSkuIsABadRequestProblemThatNamesIt() {
		Shopper.Response response = shopper.placeOrder(system.newCustomer(), "tok_visa", "NO-SUCH-SKU", 1);

		assertBadRequestProblem(response);
		assertThat(response.body().path("detail").asString()).contains("NO-SUCH-SKU");
	}

	@Test
	void aQuantityBelowOneIsABadRequestProblem() {
		assertBadRequestProblem(shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-MUG-002", 0));
		assertBadRequestProblem(shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-MUG-002", -3));
	}

	@Test
	void missingFieldsAreABadRequestProblem() {
		assertBadRequestProblem(shopper.placeOrder(UUID.randomUUID().toString(), "{\"customerId\":\"x\"}"));
		assertBadRequestProblem(shopper.placeOrder(null, Shopper.orderJson("x", "tok_visa", "SC-MUG-002", 1)));
	}

	@Test
	void cardDataIsRefusedAndNeverEchoed() {
		Shopper.Response response = shopper.placeOrder(system.newCustomer(), "4111 1111 1111 1111", "SC-MUG-002", 1);

		assertBadRequestProblem(response);
		assertThat(response.body().toString()).doesNotContain("4111");
	}

	private static void assertBadRequestProblem(Shopper.Response response) {
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.headers().getContentType()).isNotNull()
			.satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
		assertThat(response.body().path("status").asInt()).isEqualTo(400);
		assertThat(response.body().path("detail").asString()).isNotBlank();
	}
}
