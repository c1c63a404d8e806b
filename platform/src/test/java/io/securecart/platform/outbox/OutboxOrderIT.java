package io.securecart.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.securecart.platform.tracing.MessageTracing;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.PlatformDatabase;
import io.securecart.platform.messaging.ClaimCheck;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay keeps each FIFO message group in order when publishing fails, when a batch fails in part and when two
 * relays run at once; other groups flow on. Failures are injected into the publisher; the messages go to the real
 * {@code orders.fifo} on moto, and the order in which the test application's listener applies them is the order in
 * which they reached the queue.
 */
@ServiceIntegrationTest
class OutboxOrderIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Autowired
	OutboxRelay applicationRelay;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	SnsClient sns;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventBridgeClient events;

	@Autowired
	Clock clock;

	@Autowired
	MessagingDestinations destinations;

	@Autowired
	ClaimCheck claimCheck;

	@Autowired
	OrderEventCodec codec;

	private final OutboxProperties properties = new OutboxProperties(true, Duration.ofMillis(50), 50,
			Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(5), 5);

	@BeforeEach
	void onlyTheTestsRelaysPublish() {
		applicationRelay.stop();
	}

	@AfterEach
	void restartTheApplicationsRelay() {
		applicationRelay.start();
	}

	@Test
	void aFailedFirstSendHoldsBackOnlyTheRestOfItsOwnGroup() {
		String customer = "order-first-fails-" + UUID.randomUUID();
		List<OrderPlaced> group = placeAll(customer, 3);
		OrderPlaced otherGroup = placeAll("order-other-" + UUID.randomUUID(), 1).getFirst();
		InjectingPublisher publisher = new InjectingPublisher(Set.of(group.getFirst().eventId()));
		OutboxRelay relay = relayWith(publisher);

		relay.relayPending();

		assertThat(isPublished(otherGroup)).as("another group flows on").isTrue();
		assertThat(group).as("the failed row and every later row of its group wait")
			.noneSatisfy(event -> assertThat(isPublished(event)).isTrue());

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			relay.relayPending();
			assertThat(group).allSatisfy(event -> assertThat(isPublished(event)).isTrue());
		});
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(appliedInOrder(customer)).containsExactlyElementsOf(ids(group)));
	}

	@Test
	void aPartiallyFailedBatchDoesNotLetALaterRowOvertake() {
		String customer = "order-partial-" + UUID.randomUUID();
		List<OrderPlaced> group = placeAll(customer, 3);
		String otherCustomer = "order-partial-other-" + UUID.randomUUID();
		List<OrderPlaced> otherGroup = placeAll(otherCustomer, 2);
		InjectingPublisher publisher = new InjectingPublisher(Set.of(group.get(1).eventId()));
		OutboxRelay relay = relayWith(publisher);

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			relay.relayPending();
			assertThat(group).allSatisfy(event -> assertThat(isPublished(event)).isTrue());
		});

		assertThat(publisher.failed).as("the injected failure happened").containsExactly(group.get(1).eventId());
		assertThat(publisher.requests).as("no request carries two rows of one group")
			.allSatisfy(request -> {
				List<String> groups = request.stream().map(OutboxMessage::groupId).filter(Objects::nonNull).toList();
				assertThat(groups).doesNotHaveDuplicates();
			});
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(appliedInOrder(customer)).containsExactlyElementsOf(ids(group));
			assertThat(appliedInOrder(otherCustomer)).containsExactlyElementsOf(ids(otherGroup));
		});
	}

	@Test
	void twoRelaysNeverPublishTheSameGroupAtOnce() throws Exception {
		String customer = "order-two-relays-" + UUID.randomUUID();
		List<OrderPlaced> group = placeAll(customer, 2);
		CountDownLatch firstRelayPublishing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		InjectingPublisher blocking = new InjectingPublisher(Set.of()) {
			@Override
			public Map<UUID, PublishFailure> publish(List<OutboxMessage> messages) {
				firstRelayPublishing.countDown();
				try {
					release.await(20, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.publish(messages);
			}
		};
		// One row per round: the first relay claims only the group's first row, leaving the second one unlocked.
		OutboxRelay first = new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), blocking,
				new OutboxProperties(true, Duration.ofMillis(50), 1, Duration.ofMillis(300), Duration.ofSeconds(1),
						Duration.ofSeconds(5), 5), clock);
		OutboxRelay second = relayWith(new InjectingPublisher(Set.of()));

		CompletableFuture<Integer> firstRound = CompletableFuture.supplyAsync(first::relayPending);
		assertThat(firstRelayPublishing.await(10, TimeUnit.SECONDS)).isTrue();
		int publishedBySecond = second.relayPending();
		release.countDown();
		firstRound.get(30, TimeUnit.SECONDS);

		assertThat(publishedBySecond).as("while the first relay publishes the head of the group, the second relay "
				+ "publishes nothing of that group").isZero();
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(appliedInOrder(customer)).containsExactlyElementsOf(ids(group)));
	}

	@Test
	void twoRelaysRunningTogetherKeepEveryGroupInOrder() throws Exception {
		List<String> customers = IntStream.range(0, 4).mapToObj(i -> "order-race-" + i + "-" + UUID.randomUUID())
			.toList();
		Map<String, List<OrderPlaced>> byCustomer = new HashMap<>();
		for (int i = 0; i < 6; i++) {
			for (String customer : customers) {
				byCustomer.computeIfAbsent(customer, key -> new ArrayList<>()).add(place(customer));
			}
		}
		Set<String> inFlight = ConcurrentHashMap.newKeySet();
		List<String> overlaps = new CopyOnWriteArrayList<>();
		List<OutboxRelay> relays = IntStream.range(0, 2).mapToObj(i -> relayWith(new InjectingPublisher(Set.of()) {
			@Override
			public Map<UUID, PublishFailure> publish(List<OutboxMessage> messages) {
				List<String> groups = messages.stream().map(OutboxMessage::groupId).toList();
				groups.forEach(group -> {
					if (!inFlight.add(group)) {
						overlaps.add(group);
					}
				});
				try {
					return super.publish(messages);
				}
				finally {
					groups.forEach(inFlight::remove);
				}
			}
		})).toList();

		List<CompletableFuture<Void>> running = relays.stream()
			.map(relay -> CompletableFuture.runAsync(() -> await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> {
					relay.relayPending();
					return byCustomer.values().stream().flatMap(List::stream).allMatch(this::isPublished);
				})))
			.toList();
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

		assertThat(overlaps).as("groups published by both relays at once").isEmpty();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(customers)
			.allSatisfy(customer -> assertThat(appliedInOrder(customer))
				.containsExactlyElementsOf(ids(byCustomer.get(customer)))));
	}

	@Test
	void aCommitWakesTheRelayInsteadOfWaitingForItsPoll() {
		OutboxRelay relay = new OutboxRelay(jdbc, new TransactionTemplate(transactionManager),
				new InjectingPublisher(Set.of()), new OutboxProperties(true, Duration.ofHours(1), 50,
						Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(5), 5), clock);
		Outbox wakingOutbox = new Outbox(jdbc, codec, MessageTracing.disabled(), providerOf(relay));
		relay.start();
		try {
			// The first round runs at the start; after it, only a wake-up publishes within the hour.
			OrderPlaced first = place(wakingOutbox, "order-wake-" + UUID.randomUUID());
			await().atMost(Duration.ofSeconds(10)).until(() -> isPublished(first));

			List<OrderPlaced> next = IntStream.range(0, 3)
				.mapToObj(i -> place(wakingOutbox, "order-wake-" + UUID.randomUUID()))
				.toList();

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(next).allSatisfy(event -> assertThat(isPublished(event)).isTrue()));
		}
		finally {
			relay.stop();
		}
	}

	@Test
	void aQueueMessageDueLaterIsSentWithTheDelayThatRemainsByTheServicesClockAndSqsLongestAtMost() {
		List<OutboxMessage> sent = new CopyOnWriteArrayList<>();
		Instant now = clock.instant();
		OutboxRelay relay = new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), messages -> {
			sent.addAll(messages);
			return Map.of();
		}, properties, Clock.fixed(now, ZoneOffset.UTC));
		OrderPlaced inTwoMinutes = orderPlaced("timer-" + UUID.randomUUID());
		OrderPlaced inTwoHours = orderPlaced("timer-" + UUID.randomUUID());
		OrderPlaced overdue = orderPlaced("timer-" + UUID.randomUUID());
		OrderPlaced noDelay = orderPlaced("timer-" + UUID.randomUUID());
		new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
			outbox.sendToFifoQueue(MessagingNames.ORDERS_QUEUE, noDelay, noDelay.customerId(),
					noDelay.orderId().toString());
			outbox.sendToQueue("review-timers", inTwoMinutes, now.plusSeconds(120));
			outbox.sendToQueue("review-timers", inTwoHours, now.plus(Duration.ofHours(2)));
			outbox.sendToQueue("review-timers", overdue, now.minusSeconds(5));
		});

		relay.relayPending();

		Map<String, Integer> delays = new HashMap<>();
		sent.forEach(message -> delays.put(message.orderId(), message.delaySeconds()));
		assertThat(delays.get(inTwoMinutes.orderId().toString())).isEqualTo(120);
		assertThat(delays.get(inTwoHours.orderId().toString())).isEqualTo(900);
		assertThat(delays.get(overdue.orderId().toString())).isZero();
		assertThat(delays).containsEntry(noDelay.orderId().toString(), null);
	}

	@Test
	void eventBusRowsOfOneSourceAreNoGroupAndOneFailingHoldsNoOtherBack() {
		List<OrderPlaced> onTheBus = IntStream.range(0, 3).mapToObj(i -> {
			OrderPlaced event = orderPlaced("order-on-the-bus-" + UUID.randomUUID());
			new TransactionTemplate(transactionManager).executeWithoutResult(status -> outbox
				.putOnEventBus(MessagingNames.EVENT_BUS, MessagingNames.CHECKOUT_EVENT_SOURCE, event));
			return event;
		}).toList();
		InjectingPublisher publisher = new InjectingPublisher(Set.of(busRow(onTheBus.getFirst())));

		relayWith(publisher).relayPending();

		assertThat(isPublishedOnTheBus(onTheBus.getFirst())).as("the row that failed waits for its retry").isFalse();
		assertThat(onTheBus.subList(1, 3)).as("the later rows of the same source")
			.allSatisfy(event -> assertThat(isPublishedOnTheBus(event)).isTrue());
		assertThat(publisher.requests).as("all three in the relay's first request")
			.anySatisfy(request -> assertThat(request).extracting(OutboxMessage::id)
				.containsAll(onTheBus.stream().map(this::busRow).toList()));
	}

	@Test
	void removesThePaymentTokenOncePublished() {
		OrderPlaced event = place("order-token-" + UUID.randomUUID());
		assertThat(payload(event)).contains("tok_visa");

		relayWith(new InjectingPublisher(Set.of())).relayPending();

		assertThat(isPublished(event)).isTrue();
		assertThat(payload(event)).doesNotContain("tok_visa")
			.doesNotContain("paymentToken")
			.contains(event.orderId().toString());
	}

	private OutboxRelay relayWith(MessagePublisher publisher) {
		return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), publisher, properties, clock);
	}

	private List<OrderPlaced> placeAll(String customer, int count) {
		return IntStream.range(0, count).mapToObj(i -> place(customer)).toList();
	}

	/** Each in its own transaction, one after the other, as one customer's orders are. */
	private OrderPlaced place(String customer) {
		return place(outbox, customer);
	}

	private OrderPlaced place(Outbox outbox, String customer) {
		OrderPlaced event = orderPlaced(customer);
		new TransactionTemplate(transactionManager).executeWithoutResult(status -> outbox
			.sendToFifoQueue(MessagingNames.ORDERS_QUEUE, event, customer, event.orderId().toString()));
		return event;
	}

	private OrderPlaced orderPlaced(String customer) {
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), customer,
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Money.of("12.50"), "tok_visa",
				clock.instant());
	}

	/** The outbox row that puts the event on the bus. */
	private UUID busRow(OrderPlaced event) {
		return jdbc.sql("""
				select id from outbox_message
				where destination_kind = 'EVENT_BUS' and payload::jsonb ->> 'orderId' = :orderId""")
			.param("orderId", event.orderId().toString())
			.query(UUID.class)
			.single();
	}

	private boolean isPublishedOnTheBus(OrderPlaced event) {
		return OutboxRows.isPublished(jdbc, busRow(event));
	}

	private boolean isPublished(OrderPlaced event) {
		return OutboxRows.isPublished(jdbc, event.eventId());
	}

	private String payload(OrderPlaced event) {
		return jdbc.sql("select payload from outbox_message where id = :id")
			.param("id", event.eventId())
			.query(String.class)
			.single();
	}

	private List<UUID> appliedInOrder(String customer) {
		return jdbc.sql("select event_id from recorded_effect where customer_id = :customer order by seq")
			.param("customer", customer)
			.query(UUID.class)
			.list();
	}

	private static ObjectProvider<OutboxRelay> providerOf(OutboxRelay relay) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("outboxRelay", relay);
		return beans.getBeanProvider(OutboxRelay.class);
	}

	private static List<UUID> ids(List<OrderPlaced> events) {
		return events.stream().map(OrderPlaced::eventId).toList();
	}

	/** The real publisher, except that each listed row fails once; records every request it was given. */
	class InjectingPublisher implements MessagePublisher {

		final Set<UUID> failOnce;

		final List<UUID> failed = new CopyOnWriteArrayList<>();

		final List<List<OutboxMessage>> requests = new CopyOnWriteArrayList<>();

		private final AwsMessagePublisher delegate = new AwsMessagePublisher(sns, sqs, events, destinations,
				Duration.ofSeconds(5), MessageTracing.disabled(), claimCheck);

		InjectingPublisher(Set<UUID> failOnce) {
			this.failOnce = ConcurrentHashMap.newKeySet();
			this.failOnce.addAll(failOnce);
		}

		@Override
		public Map<UUID, PublishFailure> publish(List<OutboxMessage> messages) {
			requests.add(List.copyOf(messages));
			Map<UUID, PublishFailure> failures = new HashMap<>();
			List<OutboxMessage> toSend = new ArrayList<>();
			for (OutboxMessage message : messages) {
				if (failOnce.remove(message.id())) {
					failed.add(message.id());
					failures.put(message.id(), PublishFailure.retryable("injected failure"));
				}
				else {
					toSend.add(message);
				}
			}
			if (!toSend.isEmpty()) {
				failures.putAll(delegate.publish(toSend));
			}
			return Collections.unmodifiableMap(failures);
		}
	}
}
