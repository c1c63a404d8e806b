package io.securecart.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A FIFO listener handed several messages of one group by one receive keeps each of them until its turn, against
 * moto: the visibility timeout runs from the receive, so without the platform's visibility-extending sink
 * ({@code FifoListenerComponents}) a group's messages that wait behind slow ones come back, and go to a second
 * consumer, while the first still works on the group.
 */
@ServiceIntegrationTest
class FifoGroupVisibilityIT {

	static {
		PlatformDatabase.ensureExists();
	}

	/** Short, so the test need not wait out the declared 30 s; restored after the test. */
	private static final Duration VISIBILITY = Duration.ofSeconds(4);

	private static TestMessaging messaging;

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@Autowired
	PlatformTestApplication.HeldCustomers held;

	@Autowired
	PlatformTestApplication.Listeners listeners;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	private final String customer = "group-" + UUID.randomUUID();

	private List<OrderPlaced> orders = List.of();

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
	}

	@AfterEach
	void releaseEveryOrder() {
		orders.forEach(order -> held.release(order.eventId().toString()));
	}

	@Test
	void eachMessageOfAGroupReceivedTogetherIsDeliveredOnceHoweverLongTheOnesBeforeItTake() throws Exception {
		orders = Stream.generate(this::placed).limit(4).toList();
		OrderPlaced gate = orders.get(0);
		OrderPlaced quick = orders.get(1);
		OrderPlaced slow = orders.get(2);
		OrderPlaced last = orders.get(3);
		try (AutoCloseable declared = messaging.changeVisibilityTimeout(MessagingNames.ORDERS_QUEUE, VISIBILITY)) {
			Stream.of(gate, quick, slow).forEach(order -> held.hold(order.eventId().toString()));
			send(gate);
			await().atMost(Duration.ofSeconds(30)).until(() -> held.waiting(gate.eventId().toString()) == 1);
			// While the gate is in flight its group is locked: the next receive hands over the other three together.
			Stream.of(quick, slow, last).forEach(this::send);
			held.release(gate.eventId().toString());

			await().atMost(Duration.ofSeconds(30)).until(() -> held.waiting(quick.eventId().toString()) == 1);
			Instant received = clock.instant();
			await().atMost(VISIBILITY).until(() -> clock.instant().isAfter(received.plus(VISIBILITY.dividedBy(3))));
			held.release(quick.eventId().toString());

			await().atMost(Duration.ofSeconds(30)).until(() -> held.waiting(slow.eventId().toString()) == 1);
			// The batch's receive is more than a visibility timeout ago: its unextended messages are visible again.
			await().atMost(VISIBILITY.multipliedBy(3))
				.until(() -> clock.instant().isAfter(received.plus(VISIBILITY).plusSeconds(2)));
			held.release(slow.eventId().toString());

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(orders).allSatisfy(order -> assertThat(effects(order)).isOne()));
		}
		assertThat(orders).extracting(order -> listeners.orderDeliveries.get(order.eventId()).get())
			.as("deliveries of each order to the listener")
			.containsOnly(1);
	}

	private void send(OrderPlaced order) {
		messaging.sendRaw(MessagingNames.ORDERS_QUEUE, order.eventType(), codec.encode(order), customer,
				order.orderId().toString());
	}

	private long effects(OrderPlaced order) {
		return jdbc.sql("select count(*) from recorded_effect where event_id = :id")
			.param("id", order.eventId())
			.query(Long.class)
			.single();
	}

	private OrderPlaced placed() {
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), customer,
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Money.of("12.50"), "tok_visa",
				clock.instant());
	}
}
