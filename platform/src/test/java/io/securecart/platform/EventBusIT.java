package io.securecart.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.messaging.ClaimCheck;
import io.securecart.platform.outbox.Outbox;
import io.securecart.platform.outbox.OutboxRows;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ArchiveState;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code securecart} bus on the emulator: the {@code high-value-orders} rule's numeric pattern routes exactly
 * the orders at or above the threshold to {@code fraud-screening}, and the outbox puts events on the bus in the
 * transaction that records them.
 */
@ServiceIntegrationTest
class EventBusIT {

	static {
		PlatformDatabase.ensureExists();
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TestMessaging messaging;

	private static EventBridgeClient events;

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	/** ClaimCheckIT's large order may be on the same queue: its detail is read back from S3. */
	@Autowired
	ClaimCheck claimCheck;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
		events = TestInfrastructure.shared().eventBridgeClient();
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
		events.close();
	}

	@Test
	void theRulesNumericPatternRoutesOrdersFromTheThresholdUpAndNothingBelow() {
		OrderPlaced justBelow = placed("999.99", null);
		OrderPlaced atThreshold = placed("1000.00", null);
		OrderPlaced wellAbove = placed("2500.00", null);

		var answer = events.putEvents(request -> request.entries(List.of(justBelow, atThreshold, wellAbove)
			.stream()
			.map(event -> PutEventsRequestEntry.builder()
				.eventBusName(MessagingNames.EVENT_BUS)
				.source(MessagingNames.CHECKOUT_EVENT_SOURCE)
				.detailType(event.eventType())
				.detail(codec.encode(event))
				.build())
			.toList()));

		assertThat(answer.failedEntryCount()).isZero();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(screenedOrders()).contains(atThreshold.orderId(), wellAbove.orderId()));
		// Delivered in one PutEvents with the two above: had the rule matched it, it would be there too.
		assertThat(screenedOrders()).doesNotContain(justBelow.orderId());
	}

	@Test
	void theOutboxPutsAnEventOnTheBusOnlyWhenItsTransactionCommits() {
		OrderPlaced committed = placed("1500.00", null);
		OrderPlaced rolledBack = placed("1600.00", null);
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);

		transactions.executeWithoutResult(status -> outbox.putOnEventBus(MessagingNames.EVENT_BUS,
				MessagingNames.CHECKOUT_EVENT_SOURCE, committed));
		transactions.executeWithoutResult(status -> {
			outbox.putOnEventBus(MessagingNames.EVENT_BUS, MessagingNames.CHECKOUT_EVENT_SOURCE, rolledBack);
			status.setRollbackOnly();
		});

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(screenedOrders()).contains(committed.orderId()));
		assertThat(screenedOrders()).doesNotContain(rolledBack.orderId());
		Message delivered = screened(committed.orderId());
		JsonNode envelope = JSON.readTree(delivered.body());
		assertThat(envelope.path("source").asString()).isEqualTo(MessagingNames.CHECKOUT_EVENT_SOURCE);
		assertThat(envelope.path("detail-type").asString()).isEqualTo("OrderPlaced");
		assertThat(codec.decodeEventBridgeEvent(delivered.body())).contains(committed);
	}

	@Test
	void theSameEventGoesToAQueueAndTheBusInOneTransaction() {
		OrderPlaced order = placed("1200.00", null);

		new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
			outbox.sendToFifoQueue(MessagingNames.ORDERS_QUEUE, order, order.customerId(), order.orderId().toString());
			outbox.putOnEventBus(MessagingNames.EVENT_BUS, MessagingNames.CHECKOUT_EVENT_SOURCE, order);
		});

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(screenedOrders()).contains(order.orderId()));
		assertThat(OutboxRows.isPublished(jdbc, order.eventId())).isTrue();
	}

	@Test
	void theBusArchivesItsOrderEventsForReplay() {
		var archive = events.describeArchive(request -> request.archiveName(MessagingNames.ORDER_EVENTS_ARCHIVE));

		assertThat(archive.eventSourceArn()).endsWith(":event-bus/" + MessagingNames.EVENT_BUS);
		assertThat(archive.state()).isEqualTo(ArchiveState.ENABLED);
	}

	private Set<UUID> screenedOrders() {
		return messaging.messagesOn(MessagingNames.FRAUD_SCREENING_QUEUE)
			.stream()
			.map(message -> codec.decodeEventBridgeEvent(claimCheck.eventBridgeEvent(message.body())).map(OrderEvent::orderId).orElseThrow())
			.collect(Collectors.toSet());
	}

	private Message screened(UUID orderId) {
		return messaging.messagesOn(MessagingNames.FRAUD_SCREENING_QUEUE)
			.stream()
			.filter(message -> codec.decodeEventBridgeEvent(claimCheck.eventBridgeEvent(message.body())).orElseThrow().orderId().equals(orderId))
			.findFirst()
			.orElseThrow();
	}

	private static OrderPlaced placed(String total, String paymentToken) {
		Money amount = Money.of(total);
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "bus-" + UUID.randomUUID(),
				List.of(new OrderLine("SC-LAPTOP-007", 1, amount)), amount, paymentToken, Instant.now());
	}
}
