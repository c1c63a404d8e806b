package io.securecart.platform.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Shows the relay's backlog. A backlog is not an outage: events wait safely in the table, so this stays UP. */
class OutboxHealthIndicator extends AbstractHealthIndicator {

	private final Outbox outbox;

	private final OutboxRelay relay;

	OutboxHealthIndicator(Outbox outbox, OutboxRelay relay) {
		this.outbox = outbox;
		this.relay = relay;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetail("relayRunning", relay.isRunning()).withDetail("pending", outbox.pendingCount());
	}
}
