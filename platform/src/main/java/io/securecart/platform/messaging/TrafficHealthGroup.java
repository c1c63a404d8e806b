package io.securecart.platform.messaging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The {@code traffic} health group, {@code /actuator/health/traffic}, that the load balancer and ECS read
 * ({@code infra/cdk}'s {@code Services}): every indicator but the topology checks ({@link EventRulesHealthIndicator},
 * {@link MessagingTopologyHealthIndicator}), as the lowest-precedence property source.
 * <p>
 * A rule or subscription that drifted stops events from flowing, not the service from answering requests, and a new
 * task cannot repair it: it refuses to start on the very drift. Read by the load balancer, a drift would take every
 * task out of rotation and ECS would replace them with tasks that never start, so narrowing one subscription's filter
 * would take checkout's whole API down. {@code /actuator/health} still reports the drift DOWN (operators,
 * {@code ./securecart status}, lab 4), and startup still refuses (ADR 4, ADR 11). A queue or topic that is gone is
 * left out with them: a replacement task cannot create it either.
 */
class TrafficHealthGroup implements EnvironmentPostProcessor {

	static final String NAME = "securecartTrafficHealthGroup";

	/** The group's path under the actuator, as the CDK's health checks name it. */
	static final String PATH = "/actuator/health/traffic";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// The group inherits the endpoint's status order and HTTP mapping (DEGRADED answers 200, DOWN 503).
		environment.getPropertySources()
			.addLast(new MapPropertySource(NAME,
					Map.of("management.endpoint.health.group.traffic.include", "*",
							"management.endpoint.health.group.traffic.exclude", "messagingTopology,eventRules")));
	}
}
