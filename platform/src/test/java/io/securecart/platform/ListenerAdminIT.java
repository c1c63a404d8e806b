package io.securecart.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.messaging.ListenerPauses;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The demo switch that stops a consumer ({@code /api/admin/listeners}), against moto: while an operator holds a
 * listener paused its messages wait in the queue, nothing is lost, and on resume they are processed. Admin only,
 * audited. What health says about a paused listener: {@code ListenerPausesTest}.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class ListenerAdminIT {

	static {
		PlatformDatabase.ensureExists();
	}

	private static final String LISTENER = PlatformTestApplication.Listeners.ORDER_EVENTS;

	private static TestMessaging messaging;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTestApplication.HeldCustomers held;

	@Autowired
	ListenerPauses pauses;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
	}

	@AfterEach
	void resume() throws Exception {
		mvc.perform(post("/api/admin/listeners/{id}/resume", LISTENER).header(HttpHeaders.AUTHORIZATION, admin()));
	}

	@Test
	void aStoppedConsumersMessagesWaitInItsQueueAndAreProcessedOnceItIsStartedAgain() throws Exception {
		mvc.perform(post("/api/admin/listeners/{id}/pause", LISTENER).header(HttpHeaders.AUTHORIZATION, admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \"lab 1: watch the queue fill\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.running").value(false))
			.andExpect(jsonPath("$.pausedBy.operator").value("lab 1: watch the queue fill"));

		PaymentDeclined event = declined();
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, event);

		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(effects(event)).as("nothing consumed while stopped").isZero());
		assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_QUEUE)).isPositive();

		mvc.perform(post("/api/admin/listeners/{id}/resume", LISTENER).header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.running").value(true))
			.andExpect(jsonPath("$.pausedBy").isEmpty());

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(effects(event)).isOne());
		assertThat(newestAudit("listener.pause")).isEqualTo("ops listener:" + LISTENER + " SUCCESS");
		assertThat(newestAudit("listener.resume")).isEqualTo("ops listener:" + LISTENER + " SUCCESS");
	}

	/** Stopping waits for the messages the listener holds: they are processed once, not dropped half done. */
	@Test
	void aConsumerStoppedInTheMiddleOfItsWorkFinishesTheMessagesItHolds() {
		String customer = "held-" + UUID.randomUUID();
		held.hold(customer);
		List<PaymentDeclined> events = Stream.generate(() -> declined(customer)).limit(3).toList();
		events.forEach(event -> messaging.send(MessagingNames.NOTIFICATION_QUEUE, event));
		await().atMost(Duration.ofSeconds(30)).until(() -> held.waiting(customer) == events.size());

		CompletableFuture<Integer> pause = CompletableFuture.supplyAsync(() -> {
			try {
				return mvc.perform(post("/api/admin/listeners/{id}/pause", LISTENER)
					.header(HttpHeaders.AUTHORIZATION, admin())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"reason\": \"in the middle of its work\"}")).andReturn().getResponse().getStatus();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> pauses.isPaused(LISTENER));
		assertThat(pause).as("still waiting for the held messages").isNotDone();
		held.release(customer);

		await().atMost(Duration.ofSeconds(30)).until(pause::isDone);
		assertThat(pause.join()).isEqualTo(200);
		assertThat(events).allSatisfy(event -> assertThat(effects(event)).isOne());
		assertThat(pauses.state(LISTENER).running()).isFalse();
	}

	@Test
	void listsEveryListenerWithItsState() throws Exception {
		mvc.perform(get("/api/admin/listeners").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.id == '%s')].running", LISTENER).value(true))
			.andExpect(jsonPath("$[?(@.id == 'orders')].running").value(true));
	}

	@Test
	void onlyAnAdminMayStopAConsumer() throws Exception {
		String pause = "/api/admin/listeners/" + LISTENER + "/pause";
		String body = "{\"reason\": \"curious\"}";
		mvc.perform(post(pause).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isUnauthorized());
		mvc.perform(post(pause).header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer("alice"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isForbidden());
		mvc.perform(get("/api/admin/listeners").header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer("alice")))
			.andExpect(status().isForbidden());
	}

	@Test
	void anUnknownListenerOrAMissingReasonIsAProblemAndStopsNothing() throws Exception {
		mvc.perform(post("/api/admin/listeners/{id}/pause", "no-such-listener").header(HttpHeaders.AUTHORIZATION, admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \"typo\"}"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://securecart.example/problems/unknown-listener"));
		mvc.perform(post("/api/admin/listeners/{id}/pause", LISTENER).header(HttpHeaders.AUTHORIZATION, admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \" \"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("reason"));

		mvc.perform(get("/api/admin/listeners").header(HttpHeaders.AUTHORIZATION, admin()))
			.andExpect(jsonPath("$[?(@.id == '%s')].running", LISTENER).value(true));
	}

	private long effects(OrderEvent event) {
		return jdbc.sql("select count(*) from recorded_effect where event_id = :id")
			.param("id", event.eventId())
			.query(Long.class)
			.single();
	}

	private String newestAudit(String action) {
		return jdbc.sql("""
				select actor || ' ' || resource || ' ' || outcome from audit_event
				where action = :action order by occurred_at desc limit 1
				""").param("action", action).query(String.class).single();
	}

	private static PaymentDeclined declined() {
		return declined("listener-admin");
	}

	private static PaymentDeclined declined(String customerId) {
		return new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customerId, "card_declined", Instant.now());
	}

	private static String admin() {
		return TestTokens.shared().admin();
	}
}
