package io.securecart.platform.outbox;

import java.time.Clock;

import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.platform.messaging.ClaimCheck;
import io.securecart.platform.messaging.ClaimCheckAutoConfiguration;
import io.securecart.platform.messaging.MessagingAutoConfiguration;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.EventBridgeAutoConfiguration;
import io.securecart.platform.time.TimeAutoConfiguration;
import io.securecart.platform.tracing.MessageTracing;
import io.securecart.platform.tracing.TracingAutoConfiguration;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The transactional outbox: {@link Outbox} to write events, {@link OutboxRelay} to publish them. */
@AutoConfiguration(after = { MessagingAutoConfiguration.class, EventBridgeAutoConfiguration.class,
		ClaimCheckAutoConfiguration.class, TracingAutoConfiguration.class, TimeAutoConfiguration.class })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(JdbcClient jdbc, OrderEventCodec codec, MessageTracing tracing, ObjectProvider<OutboxRelay> relay) {
		return new Outbox(jdbc, codec, tracing, relay);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxRelay outboxRelay(JdbcClient jdbc, PlatformTransactionManager transactionManager, SnsClient sns,
			SqsAsyncClient sqs, EventBridgeClient events, MessagingDestinations destinations,
			OutboxProperties properties, MessageTracing tracing, ClaimCheck claimCheck, Clock clock) {
		return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager),
				new AwsMessagePublisher(sns, sqs, events, destinations, properties.publishTimeout(), tracing,
						claimCheck),
				properties, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxHealthIndicator outboxHealthIndicator(Outbox outbox, OutboxRelay relay) {
		return new OutboxHealthIndicator(outbox, relay);
	}
}
