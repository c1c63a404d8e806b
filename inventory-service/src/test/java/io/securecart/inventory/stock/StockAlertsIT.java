package io.securecart.inventory.stock;

import java.time.Duration;
import java.util.List;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import io.securecart.inventory.BackOffice;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.securecart.inventory.OrderEvents.line;
import static io.securecart.inventory.OrderEvents.paymentAuthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stock-alerts function hosted by inventory-service on moto (ADR 15): a change of available stock, committed by a
 * stock count or a reservation, goes through the outbox to {@code stock-level-changes}; the listener hands it to the
 * function as an SQS event; a crossing is published on {@code stock-events} and reaches notification's queue, where
 * this test reads it (notification-service is not running here: its own IT takes it from that queue). What happens to
 * a record the function fails is {@code StockLevelChangesFunctionListenerTest}'s (and the platform's retries and DLQs).
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class StockAlertsIT {

	private static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	private static final InventoryDatabase db = InventoryDatabase.connect();

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	@Autowired
	MockMvcTester mvc;

	@AfterEach
	void nothingFailedIntoTheDeadLetterQueue() {
		assertThat(messaging.approximateCount("stock-level-changes-dlq")).isZero();
	}

	@AfterAll
	static void closeMessaging() {
		messaging.close();
	}

	@Test
	void aRestockOfAProductThatRanOutAnnouncesItIsBackInStock() {
		String lamp = db.createProduct("lamp", 0);

		countStock(lamp, 12);

		StockLevelChanged back = awaitAnnouncements(lamp, 1).getFirst();
		assertThat(back.previous()).isEqualTo(Level.OUT_OF_STOCK);
		assertThat(back.current()).isEqualTo(Level.IN_STOCK);
		assertThat(back.available()).isEqualTo(12);
		assertThat(back.backInStock()).isTrue();
	}

	@Test
	void announcesOnlyTheChangesThatCrossTheLowStockThreshold() {
		String mug = db.createProduct("mug", 20);

		// 20 -> 19: still above the threshold (5), nothing to announce
		countStock(mug, 19);
		// 19 -> 4 available, through a paid order: low on stock
		PaymentAuthorized paid = paymentAuthorized(line(mug, 15));
		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);
		// 4 -> 3: still low, nothing to announce
		await().atMost(Duration.ofSeconds(20)).until(() -> db.stock(mug).reserved() == 15);
		countStock(mug, 18);

		List<StockLevelChanged> announced = awaitAnnouncements(mug, 1);
		assertThat(announced).singleElement().satisfies(low -> {
			assertThat(low.previous()).isEqualTo(Level.IN_STOCK);
			assertThat(low.current()).isEqualTo(Level.LOW);
			assertThat(low.available()).isEqualTo(4);
		});
		// Everything the last count changed has gone through the function by now: no second announcement.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> messaging.approximateCount(MessagingNames.STOCK_LEVEL_CHANGES_QUEUE) == 0);
		assertThat(announcementsOf(mug)).hasSize(1);
	}

	/** As the back office counts: against the version of the product it read (ADR 41). */
	private void countStock(String sku, int stockOnHand) {
		assertThat(new BackOffice(mvc, db).countStock(sku, stockOnHand)).hasStatusOk();
	}

	private List<StockLevelChanged> awaitAnnouncements(String sku, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> announcementsOf(sku), announced -> announced.size() >= count);
	}

	private static List<StockLevelChanged> announcementsOf(String sku) {
		return messaging.messagesOn(MessagingNames.NOTIFICATION_STOCK_QUEUE)
			.stream()
			.filter(message -> "StockLevelChanged".equals(eventType(message)))
			.map(message -> (StockLevelChanged) codec.decodeStockEvent(eventType(message), message.body()))
			.filter(event -> event.sku().equals(sku))
			.toList();
	}

	private static String eventType(Message message) {
		var attribute = message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE);
		return attribute == null ? null : attribute.stringValue();
	}
}
