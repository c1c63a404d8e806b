package io.securecart.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.securecart.contracts.DeclaredEventRules;
import io.securecart.testsupport.MovableClock;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A rule that could not be checked is UNKNOWN, not DOWN, and the failure is cached like a result: the calls are not
 * repeated on every health request.
 */
class EventRulesHealthIndicatorTest {

	private static final String RULE = "securecart/high-value-orders";

	private final EventBridgeClient events = mock(EventBridgeClient.class);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));

	private final MessagingProperties properties = new MessagingProperties(List.of(), List.of(), List.of(),
			List.of("securecart"), List.of(RULE), Duration.ofSeconds(30));

	private final EventRulesHealthIndicator health = new EventRulesHealthIndicator(new EventBuses(events, properties),
			properties, clock);

	@Test
	@SuppressWarnings("unchecked")
	void targetsThatCouldNotBeListedAreUnknownAndNotAskedAgainWithinTheInterval() {
		when(events.describeRule(any(Consumer.class))).thenReturn(enabledAsDeclared());
		when(events.listTargetsByRule(any(Consumer.class))).thenThrow(ApiCallTimeoutException.builder()
			.message("Client execution did not complete before the specified timeout configuration: 10000 millis")
			.build());

		Health first = health.health();
		assertThat(first.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(first.getDetails()).containsEntry("notChecked", "EventBridge rules [" + RULE + "] not checked: "
				+ "Client execution did not complete before the specified timeout configuration: 10000 millis")
			.doesNotContainKey("problems");
		clock.advance(Duration.ofSeconds(29));
		assertThat(health.health().getStatus()).as("within the interval: the last answer").isEqualTo(Status.UNKNOWN);
		verify(events, times(1)).listTargetsByRule(any(Consumer.class));

		clock.advance(Duration.ofSeconds(1));
		health.health();
		verify(events, times(2)).listTargetsByRule(any(Consumer.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aThrottledOrDeniedDescribeRuleIsUnknownNotAMissingRule() {
		when(events.describeRule(any(Consumer.class))).thenThrow(EventBridgeException.builder()
			.message("Rate exceeded")
			.statusCode(400)
			.build());

		Health health = this.health.health();

		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("notChecked",
				"EventBridge rules [" + RULE + "] not checked: Rate exceeded");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aRuleThatIsNotThereIsStillDown() {
		when(events.describeRule(any(Consumer.class))).thenThrow(ResourceNotFoundException.builder()
			.message("Rule high-value-orders does not exist on EventBus securecart.")
			.build());

		Health health = this.health.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("problems")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.singleElement()
			.asString()
			.startsWith("EventBridge rule '" + RULE + "' does not exist.");
		assertThat(health.getDetails().get("action")).asString()
			.as("cdk deploy leaves a change made by hand as it is: the repair on AWS is the CLI's")
			.contains("./securecart up", "aws events enable-rule", "put-targets", "cdk deploy does not undo");
	}

	private static DescribeRuleResponse enabledAsDeclared() {
		return DescribeRuleResponse.builder()
			.name("high-value-orders")
			.eventBusName("securecart")
			.arn("arn:aws:events:us-east-1:000000000000:rule/securecart/high-value-orders")
			.state("ENABLED")
			.eventPattern(DeclaredEventRules.eventPattern("securecart", "high-value-orders").orElseThrow().toString())
			.build();
	}
}
