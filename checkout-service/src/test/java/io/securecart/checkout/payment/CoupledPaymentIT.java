package io.securecart.checkout.payment;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.securecart.checkout.cart.CartView;
import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.checkout.support.StubPayment;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.PaymentAuthorized;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Checkout in the coupled mode, the teaching baseline: {@code POST /api/orders} calls payment-service (a stub here)
 * and waits for its decision, sends nothing to {@code orders.fifo}, and fails with 503 while payment cannot decide.
 * The order then follows the saga's events as in the decoupled mode.
 * <p>
 * Its own Spring context, next to the decoupled one of the other tests: two instances of checkout on one database
 * and one queue, which is what they are built for.
 */
@TestPropertySource(properties = "securecart.checkout.payment-mode=coupled")
class CoupledPaymentIT extends CheckoutIntegrationTestSupport {

	private static final StubPayment payment = new StubPayment();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(payment::close, "stub-payment-stop"));
	}

	@DynamicPropertySource
	static void paymentServiceIsTheStub(DynamicPropertyRegistry registry) {
		registry.add("securecart.checkout.payment.base-url", payment::baseUrl);
		registry.add("securecart.checkout.payment.timeout", () -> "2s");
	}

	@Autowired
	DynamoDbClient dynamoDb;

	@Autowired
	Clock clock;

	@BeforeEach
	void paymentAuthorizes() {
		payment.reset();
	}

	@Test
	void answersOncePaymentDecidedSendsNothingToTheQueueAndFollowsTheSagasEvents() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();

		OrderView order = accepted(key, orderRequest(customer, "SC-TSHIRT-001", 2));

		assertThat(payment.requests()).singleElement()
			.satisfies(body -> assertThat(body).contains("\"orderId\":\"" + order.id() + "\"")
				.contains("\"customerId\":\"" + customer + "\"")
				.contains("\"total\":39.98")
				.contains("\"paymentToken\":\"tok_visa\""));
		assertThat(orderPlacedRowsFor(order.id())).as("no OrderPlaced for orders.fifo").isZero();
		assertThat(payment.callers()).as("checkout asks payment as itself, never with the customer's token")
			.containsOnly("checkout-service");

		messaging.send(MessagingNames.CHECKOUT_QUEUE,
				new PaymentAuthorized(UUID.randomUUID(), order.id(), customer, UUID.randomUUID(), Money.of("39.98"),
						List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), clock.instant()));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID));

		post(key, orderRequest(customer, "SC-TSHIRT-001", 2)).expectStatus().isEqualTo(HttpStatus.ACCEPTED);
		assertThat(payment.requests()).as("a replay of a paid order does not ask payment again").hasSize(1);
	}

	@Test
	void whilePaymentCannotDecideOrdersAreRefusedWith503AndTheSameRequestAgainCompletesThem() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();
		payment.down();

		post(key, orderRequest(customer, "SC-MUG-002", 1)).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("payment unavailable, try again with the same Idempotency-Key");
		assertThat(ordersOf(customer)).as("saved, waiting for its payment").isEqualTo(1);

		payment.up();
		OrderView order = accepted(key, orderRequest(customer, "SC-MUG-002", 1));

		assertThat(ordersOf(customer)).isEqualTo(1);
		assertThat(payment.requests()).as("both asked for the same order: payment charges it once")
			.hasSize(2)
			.allSatisfy(body -> assertThat(body).contains("\"orderId\":\"" + order.id() + "\""));
	}

	@Test
	void aPaymentServiceThatDoesNotDecideInTimeIs503() {
		payment.hang();
		try {
			post(UUID.randomUUID().toString(), orderRequest(newCustomer(), "SC-MUG-002", 1)).expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		finally {
			payment.release();
		}
	}

	@Test
	void aPaymentRequestRefusedForGoodIs502WithoutRetryAfterAndItsOrderEndsCancelledNotPlacedForEver() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();
		payment.refusesTheOrder();

		String problem = post(key, orderRequest(customer, "SC-TSHIRT-001", 2)).expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist(HttpHeaders.RETRY_AFTER)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(JsonPath.<String>read(problem, "$.type"))
			.isEqualTo("https://securecart.example/problems/payment-request-refused");
		OrderView order = order(UUID.fromString(JsonPath.read(problem, "$.orderId")));
		assertThat(order.customerId()).isEqualTo(customer);
		assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.cancellationReason()).hasToString("PAYMENT_REQUEST_REFUSED");
		assertThat(order.timeline()).extracting(OrderView.TimelineItem::event)
			.containsExactly("OrderPlaced", "PaymentRequestRefused");
		assertThat(orderPlacedRowsFor(order.id())).as("nor handed to orders.fifo, to be charged after all").isZero();

		// A client that retries anyway gets the same answer for the same key, and payment is not asked again.
		payment.up();
		String again = post(key, orderRequest(customer, "SC-TSHIRT-001", 2)).expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectHeader()
			.doesNotExist(HttpHeaders.RETRY_AFTER)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(JsonPath.<String>read(again, "$.type"))
			.isEqualTo("https://securecart.example/problems/payment-request-refused");
		assertThat(JsonPath.<String>read(again, "$.orderId")).isEqualTo(order.id().toString());
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(payment.requests()).hasSize(1);

		// Had an earlier call charged it after all, the saga's rules give the money back (ADR 44).
		messaging.send(MessagingNames.CHECKOUT_QUEUE,
				new PaymentAuthorized(UUID.randomUUID(), order.id(), customer, UUID.randomUUID(), Money.of("39.98"),
						List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), clock.instant()));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(order(order.id()).timeline()).extracting(OrderView.TimelineItem::event)
				.contains("PaymentAuthorized", "PaymentRejected"));
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(jdbc.sql("""
				select count(*) from outbox_message
				where event_type = 'PaymentRejected' and destination_kind = 'TOPIC' and payload like :orderId
				""").param("orderId", "%" + order.id() + "%").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aCartWhosePaymentRequestIsRefusedForGoodStaysAsItWasAndItsRetryIsRefusedAgain() {
		String customer = newCustomer();
		addToCart(customer, "SC-MUG-002", 1).expectStatus().isOk();
		String key = UUID.randomUUID().toString();
		payment.refusesTheOrder();

		cartCheckout(customer, key).expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY);
		payment.up();
		cartCheckout(customer, key).expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY);

		assertThat(cart(customer).lines()).extracting(CartView.Line::sku).containsExactly("SC-MUG-002");
		assertThat(ordersOf(customer)).isEqualTo(1);
	}

	/**
	 * During a rolling deployment a payment task without the coupled endpoint answers 404 (or 403, or 400 to a field
	 * it does not know yet): not payment refusing the order, and the same request a minute later succeeds.
	 */
	@Test
	void aRefusalWithoutPaymentsProblemTypeIs503WithRetryAfterAndTheSameRequestLaterCompletesTheOrder() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();
		payment.refuses(404);

		post(key, orderRequest(customer, "SC-MUG-002", 1)).expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5");

		payment.up();
		OrderView order = accepted(key, orderRequest(customer, "SC-MUG-002", 1));
		assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
		assertThat(payment.requests()).hasSize(2);
	}

	/**
	 * The first attempt placed the order and payment answered 503, so the cart was not emptied; its retry, after the
	 * cart's time to live was lowered, removes exactly the lines the order was placed from.
	 */
	@Test
	void aRetriedCartCheckoutRemovesTheLinesItOrderedWhateverTheTimeToLiveIsNowAndKeepsALineChangedSince() {
		String customer = newCustomer();
		catalog.product("SC-CAP-004", "9.99");
		addToCart(customer, "SC-MUG-002", 1).expectStatus().isOk();
		addToCart(customer, "SC-CAP-004", 1).expectStatus().isOk();
		// Written by the release before: no writtenAt.
		long sixtyDays = clock.instant().plus(Duration.ofDays(60)).getEpochSecond();
		dynamoDb.putItem(request -> request.tableName(MessagingNames.CARTS_TABLE)
			.item(Map.of("customerId", AttributeValue.fromS(customer), "sku", AttributeValue.fromS("SC-TSHIRT-001"),
					"quantity", AttributeValue.fromN("2"), "version", AttributeValue.fromN("1"), "expiresAt",
					AttributeValue.fromN(String.valueOf(sixtyDays)))));
		// Each written under a time to live of 60 days, lowered to the 30 this checkout runs with since.
		for (String sku : List.of("SC-MUG-002", "SC-CAP-004")) {
			dynamoDb.updateItem(request -> request.tableName(MessagingNames.CARTS_TABLE)
				.key(Map.of("customerId", AttributeValue.fromS(customer), "sku", AttributeValue.fromS(sku)))
				.updateExpression("SET expiresAt = :sixtyDays")
				.expressionAttributeValues(Map.of(":sixtyDays", AttributeValue.fromN(String.valueOf(sixtyDays)))));
		}
		String key = UUID.randomUUID().toString();
		payment.down();
		cartCheckout(customer, key).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(cart(customer).lines()).as("the order is saved, the cart left").hasSize(3);
		// Another tab adds one more cap after the order.
		addToCart(customer, "SC-CAP-004", 1).expectStatus().isOk();

		payment.up();
		OrderView order = cartCheckout(customer, key).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();

		assertThat(order.items()).extracting(OrderView.Item::sku, OrderView.Item::quantity)
			.containsExactlyInAnyOrder(tuple("SC-MUG-002", 1), tuple("SC-CAP-004", 1), tuple("SC-TSHIRT-001", 2));
		assertThat(cart(customer).lines()).as("the ordered lines went; the cap changed since stays")
			.extracting(CartView.Line::sku, CartView.Line::quantity)
			.containsExactly(tuple("SC-CAP-004", 2));
		assertThat(ordersOf(customer)).isEqualTo(1);
	}

	/** Posts the order, which must be accepted: placed, or replayed under its key. */
	private OrderView accepted(String idempotencyKey, String body) {
		return post(idempotencyKey, body).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	private long orderPlacedRowsFor(UUID orderId) {
		return jdbc.sql("select count(*) from outbox_message where event_type = 'OrderPlaced' and dedup_id = :orderId")
			.param("orderId", orderId.toString())
			.query(Long.class)
			.single();
	}
}
