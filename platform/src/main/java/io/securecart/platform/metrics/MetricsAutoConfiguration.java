package io.securecart.platform.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.platform.dlq.DeadLetterQueueAutoConfiguration;
import io.securecart.platform.dlq.DeadLetterQueueSummary;
import io.securecart.platform.dlq.DeadLetterQueues;
import io.securecart.platform.messaging.MessagingAutoConfiguration;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.MessagingProperties;
import io.securecart.platform.metrics.QueueMetrics.MeasuredQueue;
import io.securecart.platform.outbox.OutboxAutoConfiguration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The metrics the alarms in {@code infra/topology.json} watch, for every service the same way (docs/observability.md,
 * "Metrics and alarms"): queue depth and age ({@link QueueMetrics}), listeners ({@link ListenerMetrics}), the
 * outbox backlog ({@link OutboxMetrics}) and the service's {@link DeferredWork}, each meter tagged with the
 * {@code application}. Exported in Prometheus'
 * format at {@code /actuator/prometheus} (admins, and the {@code METRICS} role Prometheus scrapes with).
 */
@AutoConfiguration(after = { MessagingAutoConfiguration.class, OutboxAutoConfiguration.class,
		DeadLetterQueueAutoConfiguration.class })
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsAutoConfiguration {

	/** Which service a series comes from; every service reports the queues it knows, producers included. */
	@Bean
	@ConditionalOnMissingBean(name = "applicationTag")
	MeterRegistryCustomizer<MeterRegistry> applicationTag(Environment environment) {
		return registry -> registry.config()
			.commonTags("application", environment.getProperty("spring.application.name", "unknown"));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerMetrics listenerMetrics(MeterRegistry registry, Clock clock) {
		return new ListenerMetrics(registry, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	MetricsSampler metricsSampler(SqsAsyncClient sqs, MeterRegistry registry, MessagingDestinations destinations,
			MessagingProperties messaging, ObjectProvider<DeadLetterQueues> deadLetterQueues, JdbcClient jdbc,
			ObjectProvider<DeferredWork> deferredWork, Clock clock, MetricsProperties properties) {
		QueueMetrics queues = new QueueMetrics(sqs, registry,
				measuredQueues(destinations, messaging, deadLetterQueues), properties.awsCallTimeout());
		OutboxMetrics outbox = new OutboxMetrics(jdbc, registry, clock);
		DeferredWorkMetrics deferred = new DeferredWorkMetrics(jdbc, deferredWork.orderedStream().toList(), registry,
				clock);
		return new MetricsSampler(List.of(queues::sample, outbox::sample, deferred::sample),
				properties.sampleInterval());
	}

	/**
	 * The service's queues, then their dead-letter queues as the broker names them (RedrivePolicy, SNS subscription
	 * RedrivePolicy): looked up until the broker answers once, then kept.
	 */
	private static Supplier<List<MeasuredQueue>> measuredQueues(MessagingDestinations destinations,
			MessagingProperties messaging, ObjectProvider<DeadLetterQueues> deadLetterQueues) {
		return new Supplier<>() {

			private volatile List<MeasuredQueue> found;

			@Override
			public List<MeasuredQueue> get() {
				if (found != null) {
					return found;
				}
				List<MeasuredQueue> queues = new ArrayList<>();
				messaging.queues()
					.forEach(queue -> queues.add(new MeasuredQueue(queue, destinations.queueUrl(queue), false)));
				DeadLetterQueues dlqs = deadLetterQueues.getIfAvailable();
				if (dlqs != null) {
					dlqs.summaries()
						.stream()
						.map(DeadLetterQueueSummary::deadLetterQueue)
						.distinct()
						.forEach(dlq -> queues.add(new MeasuredQueue(dlq, destinations.queueUrl(dlq), true)));
				}
				found = List.copyOf(queues);
				return found;
			}
		};
	}
}
