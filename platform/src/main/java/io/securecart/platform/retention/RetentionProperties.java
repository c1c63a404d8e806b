package io.securecart.platform.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the outbox and the inbox keep rows (the reasoning is in {@code docs/reliability.md}).
 *
 * @param inbox how long a consumer remembers an event id it applied. A copy of an event can arrive as long as a
 * message can live in SQS: up to 4 days in its queue (the declared retention) and then up to 14 days in its
 * dead-letter queue before an operator redrives it, 18 days in all. 30 days covers that with margin: a redelivery or a
 * redrive within the queues' retention still finds its event id and changes nothing.
 * @param outboxPublished how long a published outbox row is kept, for an operator to read what went out (the payment
 * token is already gone from it). Never a pending row: those wait however long it takes.
 * @param interval how often the rows past their retention are deleted
 * @param batchSize rows deleted per statement, so that pruning never holds many locks or a long transaction
 */
@ConfigurationProperties("securecart.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30d") Duration inbox,
		@DefaultValue("7d") Duration outboxPublished, @DefaultValue("1h") Duration interval,
		@DefaultValue("5000") int batchSize) {

	/** The shortest inbox retention that still covers a message's life in its queue and its DLQ. */
	public static final Duration LONGEST_MESSAGE_LIFE = Duration.ofDays(4 + 14);

	public RetentionProperties {
		if (inbox.compareTo(LONGEST_MESSAGE_LIFE) < 0) {
			throw new IllegalArgumentException("securecart.retention.inbox (%s) must cover a message's life in its "
					+ "queue and dead-letter queue (%s), or a late redelivery or redrive would be applied twice"
						.formatted(inbox, LONGEST_MESSAGE_LIFE));
		}
	}
}
