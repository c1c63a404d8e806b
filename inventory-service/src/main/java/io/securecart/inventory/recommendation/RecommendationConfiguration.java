package io.securecart.inventory.recommendation;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.platform.stream.KinesisStreams;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecommendationProperties.class)
class RecommendationConfiguration {

	@Bean
	ActivityStreamConsumer activityStreamConsumer(KinesisClient kinesis, KinesisStreams streams,
			ShardCheckpoints checkpoints, AlsoBought alsoBought, TransactionTemplate transactions,
			RecommendationProperties properties, Clock clock, MeterRegistry registry) {
		return new ActivityStreamConsumer(kinesis, streams, checkpoints, alsoBought, transactions, properties, clock,
				registry);
	}
}
