package io.securecart.platform.dlq;

import io.securecart.platform.audit.AuditAutoConfiguration;
import io.securecart.platform.audit.AuditTrail;
import io.securecart.platform.messaging.MessagingAutoConfiguration;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.MessagingProperties;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Dead-letter queue inspection and redrive, for the queues in {@code securecart.messaging.queues}. */
@AutoConfiguration(after = { MessagingAutoConfiguration.class, AuditAutoConfiguration.class })
@ConditionalOnWebApplication
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterQueueAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadLetterQueues deadLetterQueues(SqsAsyncClient sqs, SnsClient sns, MessagingDestinations destinations,
			MessagingProperties properties, DeadLetterProperties deadLetterProperties) {
		return new DeadLetterQueues(sqs, sns, destinations, properties, deadLetterProperties.redriveMethod(),
				deadLetterProperties.awsCallTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterQueueController deadLetterQueueController(DeadLetterQueues deadLetterQueues, AuditTrail audit) {
		return new DeadLetterQueueController(deadLetterQueues, audit);
	}
}
