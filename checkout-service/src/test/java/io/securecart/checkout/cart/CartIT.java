package io.securecart.checkout.cart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.activity.CartItemAdded;
import io.securecart.contracts.activity.CustomerActivity;
import io.securecart.contracts.activity.CustomerActivityCodec;
import io.securecart.platform.messaging.AwsRequestCounter;
import io.securecart.platform.messaging.MissingTopologyException;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The cart against moto's DynamoDB, through the service's HTTP API: versions that make concurrent writers retry
 * instead of losing updates, expired lines that are still stored but no longer in the cart, and checkout that empties
 * the cart only when the order is accepted.
 */
class CartIT extends CheckoutIntegrationTestSupport {

	@Autowired
	Carts carts;

	@Autowired
	DynamoDbClient dynamoDb;

	@Autowired
	DynamoDbEnhancedClient enhancedClient;

	@Autowired
	KinesisClient kinesis;

	private static final CustomerActivityCodec ACTIVITIES = new CustomerActivityCodec();

	@Test
	void addingUpdatesTheLineInPlaceAndEachCustomerSeesOnlyTheirOwnCart() {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();
		addToCart(alice, "SC-MUG-002", 2).expectStatus().isOk();
		addToCart(alice, "SC-TSHIRT-001", 1).expectStatus().isOk();

		CartView cart = cart(alice);
		assertThat(cart.customerId()).isEqualTo(alice);
		assertThat(cart.lines()).extracting(CartView.Line::sku, CartView.Line::quantity, CartView.Line::version)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("SC-MUG-002", 3, 2L),
					org.assertj.core.groups.Tuple.tuple("SC-TSHIRT-001", 1, 1L));
		assertThat(storedItems(alice)).as("one item per line, updated in place").hasSize(2);
		assertThat(cart(newCustomer()).lines()).as("another customer's cart").isEmpty();
	}

	@Test
	void aCartAdditionGoesOnTheCustomerActivityStreamKeyedByTheCustomer() {
		String alice = newCustomer();
		addToCart(alice, "SC-TSHIRT-001", 2).expectStatus().isOk();

		await("CartItemAdded on " + MessagingNames.CUSTOMER_ACTIVITY_STREAM).atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(activitiesOf(alice)).singleElement()
				.isInstanceOfSatisfying(CartItemAdded.class, added -> {
					assertThat(added.sku()).isEqualTo("SC-TSHIRT-001");
					assertThat(added.quantity()).isEqualTo(2);
				}));
	}

	@Test
	void ofTwoTabsChangingOneLineFromTheSameVersionOneWinsAndTheOtherIsToldToRetry() throws Exception {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();
		long read = cart(alice).lines().getFirst().version();

		List<Integer> statuses = concurrently(4, tab -> change(alice, "SC-MUG-002", 10 + tab, read).expectBody()
			.returnResult()
			.getStatus()
			.value());

		assertThat(statuses).containsOnly(200, 409).filteredOn(status -> status == 200).hasSize(1);
		CartView.Line line = cart(alice).lines().getFirst();
		assertThat(line.version()).isEqualTo(read + 1);
		assertThat(line.quantity()).isBetween(10, 13);

		// The loser reads again and retries with the version it now sees.
		change(alice, "SC-MUG-002", 7, read).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://securecart.example/problems/cart-line-changed")
			.jsonPath("$.sku")
			.isEqualTo("SC-MUG-002");
		change(alice, "SC-MUG-002", 7, line.version()).expectStatus().isOk();
		assertThat(cart(alice).lines().getFirst().quantity()).isEqualTo(7);
	}

	@Test
	void concurrentAdditionsAreNeverLostEachAcceptedOneIsCounted() throws Exception {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();

		List<Integer> statuses = concurrently(3, tab -> addToCart(alice, "SC-MUG-002", 1).expectBody()
			.returnResult()
			.getStatus()
			.value());

		long accepted = statuses.stream().filter(status -> status == 200).count();
		assertThat(statuses).isSubsetOf(200, 409);
		assertThat(accepted).isPositive();
		assertThat(cart(alice).lines().getFirst().quantity()).isEqualTo(1 + (int) accepted);
	}

	@Test
	void expiredLinesAreStillStoredOnMotoButNoLongerInTheCartAndCannotBeCheckedOut() {
		String alice = newCustomer();
		long expired = Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond();
		dynamoDb.putItem(request -> request.tableName(MessagingNames.CARTS_TABLE)
			.item(Map.of("customerId", AttributeValue.fromS(alice), "sku", AttributeValue.fromS("SC-MUG-002"),
					"quantity", AttributeValue.fromN("4"), "version", AttributeValue.fromN("3"), "expiresAt",
					AttributeValue.fromN(String.valueOf(expired)))));

		assertThat(storedItems(alice)).as("moto never deletes an expired item").hasSize(1);
		assertThat(cart(alice).lines()).isEmpty();
		cartCheckout(alice, UUID.randomUUID().toString()).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://securecart.example/problems/cart-empty");
		assertThat(ordersOf(alice)).isZero();

		// Adding the SKU again starts the line over instead of adding to what had expired.
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();
		assertThat(cart(alice).lines()).singleElement().satisfies(line -> {
			assertThat(line.quantity()).isEqualTo(1);
			assertThat(line.version()).isEqualTo(4);
			assertThat(line.expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(29)));
		});
	}

	@Test
	void checkoutPlacesTheCartAtCatalogPricesEmptiesItAndAnswersARetryWithTheSameOrder() {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 2).expectStatus().isOk();
		addToCart(alice, "SC-TSHIRT-001", 1).expectStatus().isOk();
		String key = UUID.randomUUID().toString();

		OrderView order = cartCheckout(alice, key).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();

		assertThat(order.customerId()).isEqualTo(alice);
		assertThat(order.total()).isEqualByComparingTo("44.99");
		assertThat(order.items()).extracting(OrderView.Item::sku).containsExactly("SC-MUG-002", "SC-TSHIRT-001");
		assertThat(cart(alice).lines()).as("emptied once the order was accepted").isEmpty();

		OrderView again = cartCheckout(alice, key).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.id()).isEqualTo(order.id());
		assertThat(ordersOf(alice)).isEqualTo(1);
	}

	@Test
	void aRetryOfACheckoutWhoseOrderWasPlacedButTheCartNotEmptiedEmptiesIt() {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 2).expectStatus().isOk();
		addToCart(alice, "SC-TSHIRT-001", 1).expectStatus().isOk();
		String key = UUID.randomUUID().toString();
		// The first attempt placed the order under the key and stopped before the cart was emptied (in the coupled
		// mode: payment answered 503 after the order was saved).
		http.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(alice))
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"items": [{"sku": "SC-MUG-002", "quantity": 2}, {"sku": "SC-TSHIRT-001", "quantity": 1}],
					 "paymentToken": "tok_visa"}""")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED);
		addToCart(alice, "SC-HOODIE-003", 1).expectStatus().isOk();

		cartCheckout(alice, key).expectStatus().isEqualTo(HttpStatus.ACCEPTED);

		assertThat(cart(alice).lines()).as("what was ordered goes; what was added since stays")
			.extracting(CartView.Line::sku)
			.containsExactly("SC-HOODIE-003");
		assertThat(ordersOf(alice)).isEqualTo(1);
	}

	@Test
	void aCheckoutThatFailsLeavesTheCartAsItWas() {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();
		addToCart(alice, "SC-NOT-IN-CATALOG", 1).expectStatus().isOk();
		List<CartView.Line> before = cart(alice).lines();

		cartCheckout(alice, UUID.randomUUID().toString()).expectStatus()
			.isEqualTo(HttpStatus.BAD_REQUEST)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://securecart.example/problems/unknown-sku");
		assertThat(cart(alice).lines()).isEqualTo(before);
		assertThat(ordersOf(alice)).isZero();
	}

	@Test
	void aKeyAnotherCustomerCheckedOutWithIsRefusedAndTheCartStays() {
		String bob = newCustomer();
		addToCart(bob, "SC-MUG-002", 1).expectStatus().isOk();
		String key = UUID.randomUUID().toString();
		OrderView bobs = cartCheckout(bob, key).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		String alice = newCustomer();
		addToCart(alice, "SC-TSHIRT-001", 2).expectStatus().isOk();

		String answer = cartCheckout(alice, key).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer).doesNotContain(bobs.id().toString(), bob);
		assertThat(cart(alice).lines()).extracting(CartView.Line::sku).containsExactly("SC-TSHIRT-001");
		assertThat(ordersOf(alice)).isZero();
		assertThat(ordersOf(bob)).isEqualTo(1);
	}

	@Test
	void aLineChangedAfterItWasOrderedStaysInTheCart() {
		String alice = newCustomer();
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();
		addToCart(alice, "SC-TSHIRT-001", 1).expectStatus().isOk();
		List<CartLine> ordered = carts.liveLines(alice);
		// Another tab adds one more mug between the order and the clean-up.
		addToCart(alice, "SC-MUG-002", 1).expectStatus().isOk();

		carts.removeOrdered(alice, ordered);

		assertThat(cart(alice).lines()).singleElement().satisfies(line -> {
			assertThat(line.sku()).isEqualTo("SC-MUG-002");
			assertThat(line.quantity()).isEqualTo(2);
		});
	}

	@Test
	void everyCallToTheTableIsBoundedAndStillCounted() {
		ClientOverrideConfiguration override = dynamoDb.serviceClientConfiguration().overrideConfiguration();

		assertThat(override.apiCallTimeout()).contains(Duration.ofSeconds(5));
		assertThat(override.executionInterceptors()).as("the platform's request count, kept")
			.hasAtLeastOneElementOfType(AwsRequestCounter.class);
	}

	@Test
	void checkoutRefusesToStartWithoutItsTable() {
		CartProperties noTable = new CartProperties("no-such-table", Duration.ofDays(1), 50, Duration.ofSeconds(5));

		assertThatThrownBy(() -> new CartConfiguration().cartTable(enhancedClient, dynamoDb, noTable))
			.isInstanceOf(MissingTopologyException.class)
			.hasMessageContaining("DynamoDB table 'no-such-table' does not exist");
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec change(String customer, String sku,
			int quantity, long expectedVersion) {
		return http.put()
			.uri("/api/cart/items/{sku}", sku)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"quantity": %d, "expectedVersion": %d}""".formatted(quantity, expectedVersion))
			.exchange();
	}

	private List<Map<String, AttributeValue>> storedItems(String customer) {
		return dynamoDb.query(request -> request.tableName(MessagingNames.CARTS_TABLE)
			.keyConditionExpression("customerId = :customer")
			.expressionAttributeValues(Map.of(":customer", AttributeValue.fromS(customer)))).items();
	}

	/** Runs {@code tabs} requests at once (released together by a barrier) and collects what each got. */
	private static <T> List<T> concurrently(int tabs, java.util.function.IntFunction<T> request) throws Exception {
		CyclicBarrier start = new CyclicBarrier(tabs);
		try (ExecutorService executor = Executors.newFixedThreadPool(tabs)) {
			List<Future<T>> answers = new ArrayList<>();
			for (int tab = 0; tab < tabs; tab++) {
				int number = tab;
				Callable<T> call = () -> {
					start.await();
					return request.apply(number);
				};
				answers.add(executor.submit(call));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> answer : answers) {
				results.add(answer.get());
			}
			return results;
		}
	}

	/** Every activity of the customer on the stream, from each shard's oldest record (the partition key is theirs). */
	private List<CustomerActivity> activitiesOf(String customerId) {
		List<CustomerActivity> found = new ArrayList<>();
		for (Shard shard : kinesis.listShards(request -> request.streamName(MessagingNames.CUSTOMER_ACTIVITY_STREAM))
			.shards()) {
			String iterator = kinesis
				.getShardIterator(request -> request.streamName(MessagingNames.CUSTOMER_ACTIVITY_STREAM)
					.shardId(shard.shardId())
					.shardIteratorType(ShardIteratorType.TRIM_HORIZON))
				.shardIterator();
			GetRecordsResponse records;
			do {
				String from = iterator;
				records = kinesis.getRecords(request -> request.shardIterator(from).limit(1000));
				records.records()
					.stream()
					.filter(record -> record.partitionKey().equals(customerId))
					.map(record -> ACTIVITIES.decode(record.data().asByteArray()))
					.forEach(found::add);
				iterator = records.nextShardIterator();
			}
			while (!records.records().isEmpty() && iterator != null);
		}
		return found;
	}
}
