package io.securecart.platform.messaging;

import java.time.Clock;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

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

	@Bean
	@ConditionalOnMissingBean
	EventBridgeClient eventBridgeClient(AwsClientBuilders clients) {
		return clients.configure(EventBridgeClient.builder()).build();
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
