package io.securecart.fulfillment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.StockReserved;
import io.securecart.fulfillment.shipment.Shipment;
import io.securecart.fulfillment.shipment.Warehouse;
import io.securecart.fulfillment.warehouse.WarehouseUnavailableException;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The service on the wire: StockReserved in on {@code fulfillment-order-events}, a shipment in PostgreSQL,
 * OrderShipped out on the topic and fanned out to checkout and inventory. Failed deliveries back off by 1 s here
 * (instead of up to 60 s) so the retry and dead-letter paths run in seconds.
 */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
@AutoConfigureMockMvc
class FulfillmentServiceIT {

	private static final String DEAD_LETTER_QUEUE = "fulfillment-order-events-dlq";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static TestMessaging messaging;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MockMvcTester mvc;

	@MockitoSpyBean
	private Warehouse warehouse;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
	}

	@Test
	void shipsAReservedOrderAndAnnouncesItToCheckoutAndInventory() {
		StockReserved reserved = stockReserved();

		messaging.publish(reserved);

		await().atMost(TIMEOUT).until(() -> "SHIPPED".equals(status(reserved.orderId())));
		OrderShipped toCheckout = awaitOrderShipped(MessagingNames.CHECKOUT_QUEUE, reserved.orderId());
		OrderShipped toInventory = awaitOrderShipped(MessagingNames.INVENTORY_QUEUE, reserved.orderId());
		assertThat(toInventory).isEqualTo(toCheckout);
		UUID shipmentId = jdbc.sql("select id from shipment where order_id = :orderId")
			.param("orderId", reserved.orderId())
			.query(UUID.class)
			.single();
		assertThat(toCheckout.shipmentId()).isEqualTo(shipmentId);
		assertThat(toCheckout.customerId()).isEqualTo(reserved.customerId());
		assertThat(toCheckout.lines()).isEqualTo(reserved.lines());
		assertThat(toCheckout.trackingNumber()).isNotBlank();

		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/shipments?orderId={orderId}", reserved.orderId())).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"id": "%s", "orderId": "%s", "customerId": "%s", "status": "SHIPPED", "trackingNumber": "%s",
					  "items": [{"sku": "SC-TSHIRT-001", "quantity": 2}, {"sku": "SC-MUG-002", "quantity": 1}]}]
					""".formatted(shipmentId, reserved.orderId(), reserved.customerId(),
					toCheckout.trackingNumber()));
	}

	@Test
	void theSameStockReservedTwiceShipsOnceAndAnnouncesOnce() {
		StockReserved reserved = stockReserved();

		messaging.send(MessagingNames.FULFILLMENT_QUEUE, reserved);
		messaging.send(MessagingNames.FULFILLMENT_QUEUE, reserved);

		awaitBothDeliveriesHandledAndPublished(reserved);
		assertThat(shipmentCount(reserved.orderId())).isOne();
		assertThat(orderShippedInOutbox(reserved.orderId())).isOne();
		verify(warehouse, times(1)).ship(shipmentOf(reserved));
		awaitOrderShipped(MessagingNames.CHECKOUT_QUEUE, reserved.orderId());
		assertThat(orderShippedOn(MessagingNames.CHECKOUT_QUEUE, reserved.orderId())).hasSize(1);
		assertThat(messaging.peek(DEAD_LETTER_QUEUE)).as("the redelivery was acknowledged, not failed")
			.noneSatisfy(message -> assertThat(message.body()).contains(reserved.eventId().toString()));
	}

	@Test
	void aWarehouseFailureIsRetriedFromTheStepThatFailed() {
		StockReserved reserved = stockReserved();
		doThrow(new WarehouseUnavailableException("warehouse down for a moment")).doCallRealMethod()
			.when(warehouse)
			.pack(any());

		messaging.send(MessagingNames.FULFILLMENT_QUEUE, reserved);

		awaitBothDeliveriesHandledAndPublished(reserved);
		assertThat(status(reserved.orderId())).isEqualTo("SHIPPED");
		// Picking committed before packing failed: the retry did not pick again.
		verify(warehouse, times(1)).pick(shipmentOf(reserved));
		verify(warehouse, times(2)).pack(shipmentOf(reserved));
		verify(warehouse, times(1)).ship(shipmentOf(reserved));
		assertThat(shipmentCount(reserved.orderId())).isOne();
		assertThat(orderShippedInOutbox(reserved.orderId())).isOne();
		awaitOrderShipped(MessagingNames.CHECKOUT_QUEUE, reserved.orderId());
		assertThat(orderShippedOn(MessagingNames.CHECKOUT_QUEUE, reserved.orderId())).hasSize(1);
	}

	@Test
	void aStepThatKeepsFailingLeavesTheShipmentWhereItStoppedAndTheEventInTheDeadLetterQueue() {
		StockReserved reserved = stockReserved();
		doThrow(new WarehouseUnavailableException("carrier strike")).when(warehouse).ship(shipmentOf(reserved));

		messaging.send(MessagingNames.FULFILLMENT_QUEUE, reserved);

		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(messaging.peek(DEAD_LETTER_QUEUE))
				.anySatisfy(message -> assertThat(decode(message).eventId()).isEqualTo(reserved.eventId())));
		assertThat(status(reserved.orderId())).isEqualTo("PACKED");
		assertThat(orderShippedInOutbox(reserved.orderId())).isZero();
		// maxReceiveCount is 5: five attempts, then SQS moved the message aside.
		verify(warehouse, times(5)).ship(shipmentOf(reserved));
		verify(warehouse, times(1)).pack(shipmentOf(reserved));
	}

	@Test
	void isHealthyWhileItsListenerRuns() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status": "UP", "components": {"sqsListeners": {"status": "UP"}}}
					""");
	}

	@Test
	void documentsItsApi() {
		assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyJson().extractingPath("$.paths").asMap()
			.containsKey("/api/shipments");
		assertThat(mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
	}

	private static StockReserved stockReserved() {
		return new StockReserved(UUID.randomUUID(), UUID.randomUUID(), "customer-" + UUID.randomUUID(),
				List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
						new OrderLine("SC-MUG-002", 1, Money.of("12.50"))),
				Instant.now());
	}

	/** Both deliveries were deleted from the queue (so both were handled) and the outbox has relayed everything. */
	private void awaitBothDeliveriesHandledAndPublished(StockReserved reserved) {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(messaging.approximateCount(MessagingNames.FULFILLMENT_QUEUE)).isZero();
			assertThat(status(reserved.orderId())).isEqualTo("SHIPPED");
			assertThat(jdbc.sql("select count(*) from outbox_message where published_at is null")
				.query(Long.class)
				.single()).isZero();
		});
	}

	private static Shipment shipmentOf(StockReserved reserved) {
		return argThat(shipment -> shipment != null && shipment.getOrderId().equals(reserved.orderId()));
	}

	private String status(UUID orderId) {
		return jdbc.sql("select status from shipment where order_id = :orderId")
			.param("orderId", orderId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private long shipmentCount(UUID orderId) {
		return jdbc.sql("select count(*) from shipment where order_id = :orderId")
			.param("orderId", orderId)
			.query(Long.class)
			.single();
	}

	private long orderShippedInOutbox(UUID orderId) {
		return jdbc.sql("""
				select count(*) from outbox_message
				where event_type = 'OrderShipped' and cast(payload as jsonb) ->> 'orderId' = :orderId
				""")
			.param("orderId", orderId.toString())
			.query(Long.class)
			.single();
	}

	private static OrderShipped awaitOrderShipped(String queue, UUID orderId) {
		return await().atMost(TIMEOUT)
			.until(() -> orderShippedOn(queue, orderId), found -> !found.isEmpty())
			.getFirst();
	}

	/** What a peek at the queue shows of this order's OrderShipped. Each peek counts as a receive, so peek sparingly. */
	private static List<OrderShipped> orderShippedOn(String queue, UUID orderId) {
		return messaging.peek(queue)
			.stream()
			.map(FulfillmentServiceIT::decode)
			.filter(event -> event instanceof OrderShipped && event.orderId().equals(orderId))
			.map(OrderShipped.class::cast)
			.toList();
	}

	private static OrderEvent decode(Message message) {
		return codec.decode(message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue(),
				message.body());
	}
}
