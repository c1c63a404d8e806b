package io.securecart.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.retention.RetentionProperties;
import io.securecart.platform.retention.RetentionPruner;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Published outbox rows and old inbox rows go after their retention; pending rows never do, and an event id stays
 * remembered long enough that a redrive from a dead-letter queue is still deduplicated.
 */
@ServiceIntegrationTest
class RetentionIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Autowired
	RetentionPruner pruner;

	@Autowired
	Inbox inbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void prunesPublishedOutboxRowsAfterTheirRetentionAndNeverAPendingOne() {
		UUID publishedLongAgo = outboxRow(Duration.ofDays(8), true);
		UUID publishedRecently = outboxRow(Duration.ofDays(6), true);
		UUID pendingForWeeks = outboxRow(Duration.ofDays(40), false);

		pruner.prune();

		assertThat(outboxRowExists(publishedLongAgo)).isFalse();
		assertThat(outboxRowExists(publishedRecently)).isTrue();
		assertThat(outboxRowExists(pendingForWeeks)).as("a pending row waits however long it takes").isTrue();
		jdbc.sql("delete from outbox_message where id = :id").param("id", pendingForWeeks).update();
	}

	@Test
	void remembersAnEventIdForLongerThanAMessageLivesInItsQueueAndDeadLetterQueue() {
		PaymentDeclined redrivenAfterSeventeenDays = declined();
		PaymentDeclined appliedTwoMonthsAgo = declined();
		applied(redrivenAfterSeventeenDays, Duration.ofDays(17));
		applied(appliedTwoMonthsAgo, Duration.ofDays(60));

		pruner.prune();

		Boolean firstDelivery = transactions
			.execute(status -> inbox.firstDelivery("retention-test", redrivenAfterSeventeenDays));
		assertThat(firstDelivery)
			.as("a redrive from a 14-day DLQ is still deduplicated")
			.isFalse();
		assertThat(jdbc.sql("select count(*) from inbox_message where event_id = :id")
			.param("id", appliedTwoMonthsAgo.eventId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void refusesAnInboxRetentionShorterThanAMessagesLife() {
		assertThatThrownBy(() -> new RetentionProperties(true, Duration.ofDays(7), Duration.ofDays(7),
				Duration.ofHours(1), 100))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("securecart.retention.inbox");
	}

	private UUID outboxRow(Duration age, boolean published) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into outbox_message (id, destination_kind, destination, event_type, payload, created_at,
				    next_attempt_at, published_at)
				values (:id, 'TOPIC', 'order-events', 'PaymentDeclined', '{}', now() - :age * interval '1 second',
				    now() + interval '1 day', case when :published then now() - :age * interval '1 second' end)
				""")
			.param("id", id)
			.param("age", age.toSeconds())
			.param("published", published)
			.update();
		return id;
	}

	private boolean outboxRowExists(UUID id) {
		return jdbc.sql("select count(*) from outbox_message where id = :id").param("id", id).query(Long.class)
			.single() > 0;
	}

	private void applied(PaymentDeclined event, Duration ago) {
		jdbc.sql("""
				insert into inbox_message (event_id, consumer, event_type, received_at)
				values (:id, 'retention-test', 'PaymentDeclined', now() - :age * interval '1 second')
				""")
			.param("id", event.eventId())
			.param("age", ago.toSeconds())
			.update();
	}

	private static PaymentDeclined declined() {
		return new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "retention-" + UUID.randomUUID(), "declined",
				Instant.now());
	}
}
