package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topology a service depends on, by name (see {@code infra/topology.json}). Each must exist when the service
 * starts, or it refuses to start: a service that looks healthy while publishing or consuming nothing is a bug.
 *
 * @param topics SNS topics the service publishes to
 * @param queues SQS queues the service sends to or listens on
 * @param listensOn the queues {@code infra/topology.json} names the service as consumer of: while one of them has no
 * listener container, health is DOWN ({@link ListenerContainersHealthIndicator}), since its messages would pile up
 * behind a service that looks well. Each is also one of {@code queues}.
 * @param eventBuses EventBridge buses the service puts events on
 * @param eventRules EventBridge rules the service depends on, as {@code bus/rule}: a rule that routes to the
 * service's queue, or one whose routing the service relies on
 * @param topologyCheckInterval how often health checks again that they still exist (one request each)
 */
@ConfigurationProperties("securecart.messaging")
public record MessagingProperties(@DefaultValue List<String> topics, @DefaultValue List<String> queues,
		@DefaultValue List<String> listensOn, @DefaultValue List<String> eventBuses, @DefaultValue List<String> eventRules,
		@DefaultValue("30s") Duration topologyCheckInterval) {

	public MessagingProperties {
		if (!queues.containsAll(listensOn)) {
			throw new IllegalArgumentException("securecart.messaging.listens-on " + listensOn
					+ " names a queue missing from securecart.messaging.queues " + queues
					+ ": list it there too, so that startup checks it exists");
		}
	}
}
