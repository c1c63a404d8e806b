package io.securecart.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox relay runs.
 *
 * @param enabled whether this process relays at all (a stopped relay only delays events: they wait in the table)
 * @param pollInterval how often the relay looks for pending rows besides the wake-up after each commit that wrote
 * some: how soon a row whose backoff ran out is retried, and rows another instance left behind are found
 * @param batchSize rows claimed per round; each round holds row locks only while it publishes them
 * @param initialBackoff wait before retrying a row that failed to publish, doubled per attempt...
 * @param maxBackoff ...up to this
 * @param publishTimeout the longest one publish request to SNS or SQS may take; the relay holds its rows' locks while
 * it publishes, so this also bounds how long a lock is held
 * @param setAsideAfter how many times the broker may refuse a row as the sender's fault ({@link PublishFailure}) before
 * the row is set aside, so that its FIFO group's later rows flow on; an operator republishes or discards it (ADR 43).
 * More than one, as a refusal caused by a key or permission an operator is already fixing goes away on a retry
 */
@ConfigurationProperties("securecart.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("50") int batchSize, @DefaultValue("500ms") Duration initialBackoff,
		@DefaultValue("30s") Duration maxBackoff, @DefaultValue("10s") Duration publishTimeout,
		@DefaultValue("5") int setAsideAfter) {

	public OutboxProperties {
		if (setAsideAfter < 1) {
			throw new IllegalArgumentException("set-aside-after must be at least 1, was " + setAsideAfter);
		}
	}

	Duration backoffAfter(int attempts) {
		long factor = 1L << Math.min(attempts - 1, 20);
		Duration backoff = initialBackoff.multipliedBy(factor);
		return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
	}
}
