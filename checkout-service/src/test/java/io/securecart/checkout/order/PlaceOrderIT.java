package io.securecart.checkout.order;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /api/orders} end to end: PostgreSQL, the outbox, and {@code OrderPlaced} on the FIFO queue. */
class PlaceOrderIT extends CheckoutIntegrationTestSupport {

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@Test
	void placesAnOrderAndSendsOrderPlacedToTheFifoQueueGroupedByCustomer() {
		String customer = newCustomer();

		EntityExchangeResult<OrderView> result = post(UUID.randomUUID().toString(),
				orderRequest(customer, "SC-TSHIRT-001", 2))
			.expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult();

		OrderView order = result.getResponseBody();
		assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/orders/" + order.id());
		assertThat(order.customerId()).isEqualTo(customer);
		assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
		assertThat(order.cancellationReason()).isNull();
		assertThat(order.total()).isEqualByComparingTo("39.98");
		assertThat(order.currency()).isEqualTo("USD");
		assertThat(order.items()).singleElement().satisfies(item -> {
			assertThat(item.sku()).isEqualTo("SC-TSHIRT-001");
			assertThat(item.quantity()).isEqualTo(2);
			assertThat(item.unitPrice()).isEqualByComparingTo("19.99");
		});
		assertThat(order.timeline()).extracting(OrderView.TimelineItem::event).containsExactly("OrderPlaced");
		assertThat(order(order.id())).isEqualTo(order);

		Message sent = awaitOrderPlacedFor(order.id());
		assertThat(sent.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, customer)
			.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, order.id().toString());
		assertThat(sent.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
			.isEqualTo("OrderPlaced");
		OrderPlaced placed = (OrderPlaced) codec.decode("OrderPlaced", sent.body());
		assertThat(placed.orderId()).isEqualTo(order.id());
		assertThat(placed.customerId()).isEqualTo(customer);
		assertThat(placed.lines()).containsExactly(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")));
		assertThat(placed.total()).isEqualTo(Money.of("39.98"));
		assertThat(placed.paymentToken()).isEqualTo("tok_visa");
		assertThat(placed.occurredAt()).isEqualTo(order.timeline().getFirst().at());
		assertThat(catalog.callers()).as("checkout prices as itself, with its client-credentials token")
			.isNotEmpty()
			.containsOnly("checkout-service");
	}

	@Test
	void replayingTheKeyAnswersWithTheSameOrderAndSendsNothingMore() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();
		String request = orderRequest(customer, "SC-MUG-002", 1);

		EntityExchangeResult<OrderView> first = post(key, request).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult();
		// The same request again, as a client retrying after a lost response would send it.
		EntityExchangeResult<OrderView> replay = post(key, request.replace(", ", ",")).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult();

		UUID orderId = first.getResponseBody().id();
		assertThat(replay.getResponseBody().id()).isEqualTo(orderId);
		assertThat(replay.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
		assertThat(ordersOf(customer)).isEqualTo(1);
		assertThat(outboxRowsFor(orderId)).isEqualTo(1);
		assertThat(catalog.requestsFor("SC-MUG-002")).as("a replay is not priced again").isEqualTo(1);
		awaitOrderPlacedFor(orderId);
		assertThat(messaging.messagesOn(MessagingNames.ORDERS_QUEUE)).filteredOn(message -> isAbout(message, orderId))
			.hasSize(1);
	}

	@Test
	void aKeyReusedForADifferentRequestIsRefusedWith422() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();
		post(key, orderRequest(customer, "SC-MUG-002", 1)).expectStatus().isEqualTo(HttpStatus.ACCEPTED);

		post(key, orderRequest(customer, "SC-MUG-002", 2)).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Idempotency-Key reused with a different request");

		assertThat(ordersOf(customer)).isEqualTo(1);
	}

	@Test
	void aKeyAnotherCustomerPlacedAnOrderWithIsRefusedWithoutShowingTheirOrder() {
		String alice = newCustomer();
		String bob = newCustomer();
		String key = UUID.randomUUID().toString();
		OrderView alices = accepted(key, orderRequest(alice, "SC-MUG-002", 1));

		String answer = post(key, orderRequest(bob, "SC-MUG-002", 1)).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer).doesNotContain(alices.id().toString(), alice);
		assertThat(ordersOf(bob)).isZero();
		assertThat(accepted(key, orderRequest(alice, "SC-MUG-002", 1)).id()).as("its customer still replays it")
			.isEqualTo(alices.id());
	}

	@Test
	void twoConcurrentRequestsWithOneKeyPlaceOneOrder() {
		String customer = newCustomer();
		String key = UUID.randomUUID().toString();
		String request = orderRequest(customer, "SC-TSHIRT-001", 1);
		// Both requests get past the replay check before either places its order: they race for the key.
		catalog.holdUntilConcurrent(2);

		OrderView one;
		OrderView other;
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			CompletableFuture<OrderView> first = CompletableFuture.supplyAsync(() -> accepted(key, request), clients);
			CompletableFuture<OrderView> second = CompletableFuture.supplyAsync(() -> accepted(key, request), clients);
			one = first.join();
			other = second.join();
		}
		assertThat(catalog.requestsFor("SC-TSHIRT-001")).as("both requests were priced: they raced")
			.isGreaterThanOrEqualTo(2);
		assertThat(other.id()).isEqualTo(one.id());
		assertThat(ordersOf(customer)).isEqualTo(1);
		assertThat(outboxRowsFor(one.id())).isEqualTo(1);
	}

	@Test
	void anUnknownSkuIsRefusedWith400AndPlacesNothing() {
		String customer = newCustomer();

		post(UUID.randomUUID().toString(), orderRequest(customer, "SC-NO-SUCH-SKU", 1)).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Unknown SKU: SC-NO-SUCH-SKU");

		assertThat(ordersOf(customer)).isZero();
		assertThat(catalog.requestsFor("SC-NO-SUCH-SKU")).as("an unknown SKU is not retried").isEqualTo(1);
	}

	@Test
	void listsACustomersOrdersNewestFirst() {
		String customer = newCustomer();
		OrderView older = placeOrder(customer, "SC-TSHIRT-001", 1);
		OrderView newer = placeOrder(customer, "SC-MUG-002", 1);
		placeOrder(newCustomer(), "SC-MUG-002", 1);

		List<OrderView> orders = http.get()
			.uri("/api/orders?customerId={customerId}", customer)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<OrderView>>() {
			})
			.returnResult()
			.getResponseBody();

		assertThat(orders).extracting(OrderView::id).containsExactly(newer.id(), older.id());
	}

	@Test
	void aCustomerPlacingForSomeoneElseIsRefusedWith403AndPlacesNothing() {
		String mallory = newCustomer();
		String victim = newCustomer();

		http.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(mallory))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.body(orderRequest(victim, "SC-TSHIRT-001", 1))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		assertThat(ordersOf(victim)).isZero();
		assertThat(ordersOf(mallory)).isZero();
	}

	@Test
	void aCustomerReadsOnlyTheirOwnOrders() {
		String alice = newCustomer();
		OrderView hers = placeOrder(alice, "SC-MUG-002", 1);
		String bob = TestTokens.shared().customer(newCustomer());

		http.get().uri("/api/orders/{id}", hers.id()).header(HttpHeaders.AUTHORIZATION, bob).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		http.get().uri("/api/orders?customerId={customer}", alice).header(HttpHeaders.AUTHORIZATION, bob).exchange()
			.expectStatus().isNotFound();
		http.get().uri("/api/orders/{id}", hers.id())
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(alice)).exchange()
			.expectStatus().isOk();
	}

	@Test
	void anUnknownOrderIs404() {
		http.get()
			.uri("/api/orders/{id}", UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void isHealthyAndDocumentsItsApi() {
		http.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components")
			.doesNotExist();
		http.get()
			.uri("/actuator/health")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components")
			.exists();
		http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/orders'].post")
			.exists()
			.jsonPath("$.paths['/api/orders/{id}'].get")
			.exists()
			.jsonPath("$.components.schemas.PlaceOrderRequest.properties.paymentToken.type")
			.isEqualTo("string");
	}

	private OrderView accepted(String key, String request) {
		return post(key, request).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	/** Nobody consumes orders.fifo here: its messages are collected, so that watching them does not redeliver them. */
	private Message awaitOrderPlacedFor(UUID orderId) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> messaging.messagesOn(MessagingNames.ORDERS_QUEUE)
				.stream()
				.filter(message -> isAbout(message, orderId))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private static boolean isAbout(Message message, UUID orderId) {
		return orderId.toString().equals(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
	}

	private long outboxRowsFor(UUID orderId) {
		return jdbc.sql("select count(*) from outbox_message where event_type = 'OrderPlaced' and dedup_id = :orderId")
			.param("orderId", orderId.toString())
			.query(Long.class)
			.single();
	}
}
