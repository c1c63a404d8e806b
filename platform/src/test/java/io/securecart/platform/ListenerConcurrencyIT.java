package io.securecart.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.PaymentDeclined;
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
 * A listener keeps receiving while a message it holds is still being processed, against moto. Spring Cloud AWS's
 * default waits up to 10 s for a whole batch of permits before the next receive, so one slow message held back every
 * message behind it; the platform's
 * {@code MessagingAutoConfiguration.WAIT_FOR_A_FULL_BATCH} bounds that wait (ADR 32).
 */
@ServiceIntegrationTest
class ListenerConcurrencyIT {

	static {
		PlatformDatabase.ensureExists();
	}

	private static TestMessaging messaging;

	@Autowired
	PlatformTestApplication.HeldCustomers held;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	private final String slowCustomer = "slow-" + UUID.randomUUID();

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
	}

	@AfterEach
	void releaseTheSlowMessage() {
		held.release(slowCustomer);
	}

	@Test
	void aMessageThatArrivesWhileAnotherIsProcessedIsNotHeldBackByIt() {
		held.hold(slowCustomer);
		PaymentDeclined slow = declined(slowCustomer);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, slow);
		await().atMost(Duration.ofSeconds(30)).until(() -> held.waiting(slowCustomer) == 1);

		PaymentDeclined next = declined("next-" + UUID.randomUUID());
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, next);

		// Well under Spring Cloud AWS's 10-s wait for a full batch, which the slow message would hold for its 30 s.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(effects(next)).isOne());
		assertThat(held.waiting(slowCustomer)).as("the slow message is still being processed").isOne();
		assertThat(effects(slow)).isZero();

		held.release(slowCustomer);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(slow)).isOne());
	}

	private long effects(OrderEvent event) {
		return jdbc.sql("select count(*) from recorded_effect where event_id = :id")
			.param("id", event.eventId())
			.query(Long.class)
			.single();
	}

	private PaymentDeclined declined(String customerId) {
		return new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customerId, "card_declined", clock.instant());
	}

}
