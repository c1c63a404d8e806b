package io.securecart.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.PlatformDatabase;
import io.securecart.platform.audit.AuditTrail;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A row the broker refuses for good is set aside after {@code set-aside-after} refusals, so the rest of its FIFO group
 * goes out; a row that fails for a passing reason is never set aside. An admin sees the row (without its token),
 * republishes it into its place, or discards it, audited (ADR 43). The broker is played by a publisher that refuses
 * chosen rows; the rows are the real outbox table's.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class OutboxSetAsideIT {

	static {
		PlatformDatabase.ensureExists();
	}

	private static final int SET_ASIDE_AFTER = 3;

	@Autowired
	OutboxRelay applicationRelay;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	Clock clock;

	@Autowired
	AuditTrail audit;

	@Autowired
	MockMvc mvc;

	private final RefusingBroker broker = new RefusingBroker();

	private OutboxRelay relay;

	@BeforeEach
	void onlyTheTestsRelayPublishes() {
		applicationRelay.stop();
		relay = new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), broker,
				new OutboxProperties(true, Duration.ofMillis(50), 50, Duration.ofMillis(10), Duration.ofMillis(50),
						Duration.ofSeconds(5), SET_ASIDE_AFTER),
				clock);
	}

	@AfterEach
	void restartTheApplicationsRelay() {
		applicationRelay.start();
	}

	@Test
	void aRowTheBrokerRefusesForGoodIsSetAsideAndTheRestOfItsGroupGoesOutInOrder() {
		List<OrderPlaced> group = placeAll("set-aside-" + UUID.randomUUID(), 3);
		broker.refuseForGood(group.getFirst().eventId());

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			relay.relayPending();
			assertThat(isPublished(group.get(2))).isTrue();
		});

		assertThat(isSetAside(group.getFirst())).isTrue();
		assertThat(isPublished(group.getFirst())).isFalse();
		assertThat(broker.tries(group.getFirst())).as("refused, then set aside").isEqualTo(SET_ASIDE_AFTER);
		assertThat(broker.published).as("the rest of the group, in its order, only once the head was set aside")
			.containsSubsequence(group.get(1).eventId(), group.get(2).eventId());
	}

	@Test
	void aRowThatFailsForAPassingReasonIsNeverSetAsideAndHoldsItsGroupUntilItGoesOut() {
		List<OrderPlaced> group = placeAll("throttled-" + UUID.randomUUID(), 2);
		broker.failFor(group.getFirst().eventId(), SET_ASIDE_AFTER * 2);

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			relay.relayPending();
			assertThat(isPublished(group.get(1))).isTrue();
		});

		assertThat(broker.tries(group.getFirst())).isEqualTo(SET_ASIDE_AFTER * 2 + 1);
		assertThat(broker.published).containsSubsequence(group.get(0).eventId(), group.get(1).eventId());
		assertThat(isSetAside(group.getFirst())).isFalse();
	}

	@Test
	void anAdminSeesTheRowWithoutItsTokenAndRepublishesItOnceTheCauseIsFixed() throws Exception {
		OrderPlaced refused = setAside("republish-" + UUID.randomUUID());

		mvc.perform(get("/api/admin/outbox/set-aside").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.id == '%s')].lastError", refused.eventId())
				.value("InvalidMessageContents: Invalid characters found"))
			.andExpect(jsonPath("$[?(@.id == '%s')].orderId", refused.eventId()).value(refused.orderId().toString()))
			.andExpect(jsonPath("$[?(@.id == '%s')].refusals", refused.eventId()).value(SET_ASIDE_AFTER))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("tok_visa"))));

		broker.accept(refused.eventId());
		mvc.perform(post("/api/admin/outbox/set-aside/{id}/republish", refused.eventId())
			.header(HttpHeaders.AUTHORIZATION, admin())).andExpect(status().isNoContent());
		relay.relayPending();

		assertThat(isPublished(refused)).isTrue();
		assertThat(audit.recent("outbox.republish", "outbox:" + refused.eventId(), 1)).hasSize(1);
	}

	@Test
	void anAdminRepublishesEverySetAsideRowAtOnce() throws Exception {
		OrderPlaced first = setAside("republish-all-" + UUID.randomUUID());
		OrderPlaced second = setAside("republish-all-" + UUID.randomUUID());
		broker.accept(first.eventId());
		broker.accept(second.eventId());

		mvc.perform(post("/api/admin/outbox/set-aside/republish").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.republished").value(org.hamcrest.Matchers.greaterThanOrEqualTo(2)));
		relay.relayPending();

		assertThat(List.of(first, second)).allSatisfy(event -> {
			assertThat(isPublished(event)).isTrue();
			assertThat(isSetAside(event)).isFalse();
		});
	}

	@Test
	void anAdminDiscardsARowThatCanNeverGoOutAndTheAuditTrailKeepsWhatItWas() throws Exception {
		OrderPlaced refused = setAside("discard-" + UUID.randomUUID());

		mvc.perform(delete("/api/admin/outbox/set-aside/{id}", refused.eventId())
			.header(HttpHeaders.AUTHORIZATION, admin())).andExpect(status().isNoContent());

		assertThat(jdbc.sql("select count(*) from outbox_message where id = :id")
			.param("id", refused.eventId())
			.query(Long.class)
			.single()).isZero();
		assertThat(audit.recent("outbox.discard", "outbox:" + refused.eventId(), 1)).singleElement()
			.satisfies(event -> assertThat(event.detail()).contains("OrderPlaced", refused.orderId().toString(),
					"InvalidMessageContents"));
		mvc.perform(delete("/api/admin/outbox/set-aside/{id}", refused.eventId())
			.header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://securecart.example/problems/set-aside-row-not-found"));
	}

	@Test
	void aRowThatIsNotSetAsideCannotBeRepublishedOrDiscarded() throws Exception {
		OrderPlaced waiting = placeAll("not-set-aside-" + UUID.randomUUID(), 1).getFirst();

		mvc.perform(post("/api/admin/outbox/set-aside/{id}/republish", waiting.eventId())
			.header(HttpHeaders.AUTHORIZATION, admin())).andExpect(status().isNotFound());
		mvc.perform(delete("/api/admin/outbox/set-aside/{id}", waiting.eventId())
			.header(HttpHeaders.AUTHORIZATION, admin())).andExpect(status().isNotFound());

		assertThat(jdbc.sql("select count(*) from outbox_message where id = :id")
			.param("id", waiting.eventId())
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void onlyAnAdminMaySeeRepublishOrDiscard() throws Exception {
		String customer = TestTokens.shared().customer("alice");
		String row = "/api/admin/outbox/set-aside/" + UUID.randomUUID();
		mvc.perform(get("/api/admin/outbox/set-aside")).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/admin/outbox/set-aside").header(HttpHeaders.AUTHORIZATION, customer))
			.andExpect(status().isForbidden());
		mvc.perform(post(row + "/republish").header(HttpHeaders.AUTHORIZATION, customer))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/admin/outbox/set-aside/republish").header(HttpHeaders.AUTHORIZATION, customer))
			.andExpect(status().isForbidden());
		mvc.perform(delete(row).header(HttpHeaders.AUTHORIZATION, customer)).andExpect(status().isForbidden());
	}

	private OrderPlaced setAside(String customer) {
		OrderPlaced refused = placeAll(customer, 1).getFirst();
		broker.refuseForGood(refused.eventId());
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			relay.relayPending();
			assertThat(isSetAside(refused)).isTrue();
		});
		return refused;
	}

	private static String admin() {
		return TestTokens.shared().admin();
	}

	private List<OrderPlaced> placeAll(String customer, int count) {
		return IntStream.range(0, count).mapToObj(i -> {
			OrderPlaced event = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), customer,
					List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Money.of("12.50"), "tok_visa",
					clock.instant());
			new TransactionTemplate(transactionManager).executeWithoutResult(status -> outbox
				.sendToFifoQueue(MessagingNames.ORDERS_QUEUE, event, customer, event.orderId().toString()));
			return event;
		}).toList();
	}

	private boolean isPublished(OrderPlaced event) {
		return OutboxRows.isPublished(jdbc, event.eventId());
	}

	private boolean isSetAside(OrderPlaced event) {
		return jdbc.sql("select set_aside_at is not null from outbox_message where id = :id")
			.param("id", event.eventId())
			.query(Boolean.class)
			.single();
	}

	/** Accepts every row but those it is told to refuse: for good (the sender's fault), or a number of times. */
	static class RefusingBroker implements MessagePublisher {

		final List<UUID> published = new CopyOnWriteArrayList<>();

		private final Set<UUID> refusedForGood = ConcurrentHashMap.newKeySet();

		private final Map<UUID, Integer> failuresLeft = new ConcurrentHashMap<>();

		private final Map<UUID, Integer> tries = new ConcurrentHashMap<>();

		void refuseForGood(UUID id) {
			refusedForGood.add(id);
		}

		void failFor(UUID id, int times) {
			failuresLeft.put(id, times);
		}

		void accept(UUID id) {
			refusedForGood.remove(id);
		}

		int tries(OrderPlaced event) {
			return tries.getOrDefault(event.eventId(), 0);
		}

		@Override
		public Map<UUID, PublishFailure> publish(List<OutboxMessage> messages) {
			Map<UUID, PublishFailure> failures = new ConcurrentHashMap<>();
			for (OutboxMessage message : messages) {
				tries.merge(message.id(), 1, Integer::sum);
				if (refusedForGood.contains(message.id())) {
					failures.put(message.id(),
							PublishFailure.of("InvalidMessageContents", "Invalid characters found", true));
				}
				else if (failuresLeft.getOrDefault(message.id(), 0) > 0) {
					failuresLeft.merge(message.id(), -1, Integer::sum);
					failures.put(message.id(), PublishFailure.of("RequestThrottled", "slow down", false));
				}
				else {
					published.add(message.id());
				}
			}
			return failures;
		}
	}
}
