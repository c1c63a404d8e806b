package io.securecart.platform.messaging;

import java.time.Clock;
import java.time.Duration;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The EventBridge client, configured like Spring Cloud AWS's SQS and SNS clients (endpoint, region, credentials from
 * {@code spring.cloud.aws.*}; Spring Cloud AWS has no EventBridge support of its own), and the startup check of the
 * buses and rules a service declares in {@code securecart.messaging}, repeated for the rules by health.
 */
@AutoConfiguration(after = AwsClientsAutoConfiguration.class)
@EnableConfigurationProperties(MessagingProperties.class)
public class EventBridgeAutoConfiguration {

	/**
	 * How long any EventBridge call may take, its retries included, unless the call sets its own (the outbox relay's
	 * publish timeout): health's rule checks, the startup checks and payment's replays wait on these calls, and the
	 * transport alone closes a stalled connection only after 30 s, after which the SDK retries.
	 */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean
	EventBridgeClient eventBridgeClient(AwsClientBuilders clients) {
		EventBridgeClientBuilder builder = clients.configure(EventBridgeClient.builder());
		return builder
			.overrideConfiguration(builder.overrideConfiguration().toBuilder().apiCallTimeout(CALL_TIMEOUT).build())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	EventBuses eventBuses(EventBridgeClient events, MessagingProperties properties) {
		return new EventBuses(events, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	EventRulesHealthIndicator eventRulesHealthIndicator(EventBuses eventBuses, MessagingProperties properties,
			Clock clock) {
		return new EventRulesHealthIndicator(eventBuses, properties, clock);
	}
}
