package io.securecart.platform;

import io.securecart.contracts.MessagingNames;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import io.securecart.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rule changed by hand on the broker (here: the high-value threshold lowered to 500) disagrees with the threshold
 * every service reads from infra/topology.json: the service refuses to start, and a running one reports DOWN. So does
 * a rule that routes nothing to its declared queue: disabled, or its target removed or stripped of its DLQ.
 */
class EventRuleDriftIT {

	static {
		PlatformDatabase.ensureExists();
	}

	private static final String LOWERED_THRESHOLD = """
			{"source": ["securecart.checkout"], "detail-type": ["OrderPlaced"],
			 "detail": {"total": {"currency": ["USD"], "amount": [{"numeric": [">=", 500]}]}}}""";

	private final TestInfrastructure infrastructure = TestInfrastructure.shared();

	@AfterEach
	void provisionTheDeclaredRuleAgain() {
		infrastructure.provisionTopology();
	}

	@Test
	void refusesToStartWhenTheDeployedRuleMatchesOtherEventsThanDeclared() {
		lowerTheThresholdByHand();

		assertThatThrownBy(() -> {
			try (ConfigurableApplicationContext context = start()) {
				throw new AssertionError("started although the rule differs from infra/topology.json");
			}
		}).hasStackTraceContaining("EventBridge rule 'securecart/high-value-orders' matches")
			.hasStackTraceContaining("500")
			.hasStackTraceContaining("but infra/topology.json declares");
	}

	@Test
	void refusesToStartWhenTheRuleIsDisabled() {
		try (EventBridgeClient events = infrastructure.eventBridgeClient()) {
			events.disableRule(request -> request.eventBusName(MessagingNames.EVENT_BUS)
				.name(MessagingNames.HIGH_VALUE_ORDERS_RULE));
		}

		assertThatThrownBy(() -> {
			try (ConfigurableApplicationContext context = start()) {
				throw new AssertionError("started although the rule is disabled");
			}
		}).hasStackTraceContaining("EventBridge rule 'securecart/high-value-orders' is DISABLED");
	}

	@Test
	void refusesToStartWhenTheRulesTargetWasRemoved() {
		try (EventBridgeClient events = infrastructure.eventBridgeClient()) {
			events.removeTargets(request -> request.eventBusName(MessagingNames.EVENT_BUS)
				.rule(MessagingNames.HIGH_VALUE_ORDERS_RULE)
				.ids("fraud-screening"));
		}

		assertThatThrownBy(() -> {
			try (ConfigurableApplicationContext context = start()) {
				throw new AssertionError("started although the rule has no target");
			}
		}).hasStackTraceContaining("EventBridge rule 'securecart/high-value-orders' has no target sending to queue "
				+ "fraud-screening");
	}

	@Test
	void refusesToStartWhenTheRulesTargetLostItsDeadLetterQueueAndRetryPolicy() {
		try (EventBridgeClient events = infrastructure.eventBridgeClient()) {
			String ruleArn = events.describeRule(request -> request.eventBusName(MessagingNames.EVENT_BUS)
				.name(MessagingNames.HIGH_VALUE_ORDERS_RULE)).arn();
			String queueArn = ruleArn.substring(0, ruleArn.indexOf(":rule/")).replace(":events:", ":sqs:")
					+ ":fraud-screening";
			events.putTargets(request -> request.eventBusName(MessagingNames.EVENT_BUS)
				.rule(MessagingNames.HIGH_VALUE_ORDERS_RULE)
				.targets(target -> target.id("fraud-screening").arn(queueArn)));
		}

		assertThatThrownBy(() -> {
			try (ConfigurableApplicationContext context = start()) {
				throw new AssertionError("started although the target has no dead-letter queue");
			}
		}).hasStackTraceContaining("declares dead-letter queue fraud-screening-dlq")
			.hasStackTraceContaining("declares 185 times for 86400 s");
	}

	@Test
	void aRunningServiceIsDownWhileTheRuleIsDisabled() {
		try (ConfigurableApplicationContext context = start()) {
			HealthIndicator rules = context.getBean("eventRulesHealthIndicator", HealthIndicator.class);
			assertThat(rules.health().getStatus()).isEqualTo(Status.UP);

			try (EventBridgeClient events = infrastructure.eventBridgeClient()) {
				events.disableRule(request -> request.eventBusName(MessagingNames.EVENT_BUS)
					.name(MessagingNames.HIGH_VALUE_ORDERS_RULE));
			}
			assertThat(rules.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(rules.health().getDetails().get("problems").toString()).contains("is DISABLED");

			infrastructure.provisionTopology();
			assertThat(rules.health().getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void aRunningServiceIsDownWhileTheRuleDiffersAndUpOnceItIsProvisionedAgain() {
		try (ConfigurableApplicationContext context = start()) {
			HealthIndicator rules = context.getBean("eventRulesHealthIndicator", HealthIndicator.class);
			assertThat(rules.health().getStatus()).isEqualTo(Status.UP);

			lowerTheThresholdByHand();
			assertThat(rules.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(rules.health().getDetails().get("problems").toString()).contains("high-value-orders");

			infrastructure.provisionTopology();
			assertThat(rules.health().getStatus()).isEqualTo(Status.UP);
		}
	}

	private void lowerTheThresholdByHand() {
		try (EventBridgeClient events = infrastructure.eventBridgeClient()) {
			events.putRule(request -> request.eventBusName(MessagingNames.EVENT_BUS)
				.name(MessagingNames.HIGH_VALUE_ORDERS_RULE)
				.eventPattern(LOWERED_THRESHOLD));
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(PlatformTestApplication.class)
			.initializers(new SecureCartInfrastructureInitializer())
			.run("--securecart.messaging.topology-check-interval=0s");
	}
}
