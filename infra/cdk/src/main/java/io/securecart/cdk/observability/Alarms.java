package io.securecart.cdk.observability;

import java.util.List;
import java.util.Map;

import io.securecart.cdk.messaging.Messaging;
import io.securecart.cdk.services.ServiceCatalog;
import io.securecart.provisioner.Topology;
import io.securecart.provisioner.Alarm;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The declared {@code alarms} (infra/topology.json), one CloudWatch alarm per alarm and element of its kind, notifying
 * the {@code securecart-alarms} topic. Queue kinds watch AWS/SQS; outbox, circuit breaker and deferred work watch the
 * services' own metrics ({@link CustomMetrics}).
 */
public class Alarms extends Construct {

	public static final String NOTIFICATION_TOPIC = "securecart-alarms";

	/** SQS publishes its metrics once a minute, and EMF metrics are standard resolution: no shorter period. */
	public static final int SHORTEST_PERIOD_SECONDS = 60;

	/** The declared metric names of queues and dead-letter queues, as AWS/SQS names them. */
	public static final Map<String, String> SQS_METRICS = Map.of("visibleMessages", "ApproximateNumberOfMessagesVisible",
			"inFlightMessages", "ApproximateNumberOfMessagesNotVisible", "oldestMessageAgeSeconds",
			"ApproximateAgeOfOldestMessage");

	/** The declared metric names of outboxes, as the services publish them ({@link CustomMetrics}). */
	public static final Map<String, String> OUTBOX_METRICS = Map.of("oldestPendingAgeSeconds",
			CustomMetrics.OUTBOX_OLDEST_PENDING_AGE, "pendingRows", CustomMetrics.OUTBOX_PENDING_ROWS);

	/** The declared metric names of deferred work, as the services publish them ({@link CustomMetrics}). */
	public static final Map<String, String> DEFERRED_WORK_METRICS = Map.of("oldestAgeSeconds",
			CustomMetrics.DEFERRED_WORK_OLDEST_AGE, "pending", CustomMetrics.DEFERRED_WORK_PENDING);

	public Alarms(Construct scope, String id, List<Alarm> declared, Topology topology, Messaging messaging) {
		super(scope, id);
		Topic notifications = Topic.Builder.create(this, "Notifications")
			.topicName(NOTIFICATION_TOPIC)
			.masterKey(messaging.key())
			.enforceSsl(true)
			.build();
		SnsAction notify = new SnsAction(notifications);
		for (Alarm spec : declared) {
			for (WatchedElement element : elements(spec, topology)) {
				var alarm = software.amazon.awscdk.services.cloudwatch.Alarm.Builder
					.create(this, spec.name() + "-" + element.name())
					.alarmName(spec.name() + " " + element.name())
					.alarmDescription(spec.description())
					.metric(element.metric().with(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
						.period(Duration.seconds(period(spec)))
						.statistic("Maximum")
						.build()))
					.comparisonOperator(comparison(spec.comparison()))
					.threshold(spec.threshold(element.name()))
					.evaluationPeriods(evaluationPeriods(spec))
					.datapointsToAlarm(evaluationPeriods(spec))
					.treatMissingData(TreatMissingData.NOT_BREACHING)
					.build();
				alarm.addAlarmAction(notify);
			}
		}
	}

	/** The period rounded up to CloudWatch's resolution of these metrics. */
	public static int period(Alarm spec) {
		int minutes = Math.max(1, (spec.periodSeconds() + SHORTEST_PERIOD_SECONDS - 1) / SHORTEST_PERIOD_SECONDS);
		return minutes * SHORTEST_PERIOD_SECONDS;
	}

	/**
	 * How many consecutive periods must breach, every one of them ({@code datapointsToAlarm} is the same): the first
	 * when {@code forSeconds} is 0; else the period the condition was first seen in and enough periods after it to
	 * cover {@code forSeconds}. A period breaches when one sample in it did ({@code Maximum}), so the first one proves
	 * only that the condition began somewhere in it: counted towards {@code forSeconds}, one minute's OTLP sample of a
	 * circuit open for a second fired circuit-open-too-long. Not {@code Minimum} ("at every sample"): a breaker whose
	 * dependency stays down goes half-open every 5 to 10 s to probe and opens again, so that could miss the outage.
	 */
	public static int evaluationPeriods(Alarm spec) {
		if (spec.forSeconds() == 0) {
			return 1;
		}
		int period = period(spec);
		return (spec.forSeconds() + period - 1) / period + 1;
	}

	/**
	 * CloudWatch has no equality: {@code ==} is declared only on 0/1 gauges (a circuit is open or not), where
	 * "equals the threshold" is "at least the threshold".
	 */
	public static ComparisonOperator comparison(String declared) {
		return switch (declared) {
			case ">" -> ComparisonOperator.GREATER_THAN_THRESHOLD;
			case ">=", "==" -> ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
			case "<" -> ComparisonOperator.LESS_THAN_THRESHOLD;
			case "<=" -> ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
			default -> throw new IllegalArgumentException("Unknown comparison " + declared);
		};
	}

	/** Every element an alarm applies to, with the metric that measures it. */
	public static List<WatchedElement> elements(Alarm spec, Topology topology) {
		return switch (spec.each()) {
			case "queue" -> topology.queues()
				.stream()
				.map(queue -> new WatchedElement(queue.name(), sqsMetric(spec, queue.name())))
				.toList();
			case "deadLetterQueue" -> topology.deadLetterQueueNames()
				.stream()
				.map(queue -> new WatchedElement(queue, sqsMetric(spec, queue)))
				.toList();
			case "outbox" -> ServiceCatalog.services()
				.stream()
				.filter(ServiceCatalog.ServiceSpec::hasOutbox)
				.map(service -> new WatchedElement(service.name() + "-outbox",
						customMetric(spec, OUTBOX_METRICS, Map.of(CustomMetrics.SERVICE_DIMENSION, service.name()))))
				.toList();
			case "circuitBreaker" -> ServiceCatalog.services()
				.stream()
				.flatMap(service -> service.circuitBreakers()
					.stream()
					.map(breaker -> new WatchedElement(service.name() + "-" + breaker,
							customMetric(spec, Map.of("open", CustomMetrics.CIRCUIT_BREAKER_STATE),
									Map.of(CustomMetrics.SERVICE_DIMENSION, service.name(), "name", breaker,
											"state", "open")))))
				.toList();
			case "deferredWork" -> ServiceCatalog.services()
				.stream()
				.flatMap(service -> service.deferredWork()
					.stream()
					.map(work -> new WatchedElement(service.name() + "-" + work,
							customMetric(spec, DEFERRED_WORK_METRICS, Map.of(CustomMetrics.SERVICE_DIMENSION,
									service.name(), CustomMetrics.WORK_DIMENSION, work)))))
				.toList();
			default -> throw new IllegalArgumentException("Alarm " + spec.name() + ": unknown kind " + spec.each());
		};
	}

	private static Metric sqsMetric(Alarm spec, String queue) {
		String metricName = SQS_METRICS.get(spec.metric());
		if (metricName == null) {
			throw new IllegalArgumentException("Alarm " + spec.name() + ": queue metric " + spec.metric()
					+ " has no AWS/SQS counterpart (known: " + SQS_METRICS.keySet() + ")");
		}
		return Metric.Builder.create()
			.namespace("AWS/SQS")
			.metricName(metricName)
			.dimensionsMap(Map.of("QueueName", queue))
			.build();
	}

	private static Metric customMetric(Alarm spec, Map<String, String> published, Map<String, String> dimensions) {
		String metricName = published.get(spec.metric());
		if (metricName == null) {
			throw new IllegalArgumentException("Alarm " + spec.name() + ": " + spec.each() + " metric " + spec.metric()
					+ " is not published (known: " + published.keySet() + ")");
		}
		return Metric.Builder.create()
			.namespace(CustomMetrics.NAMESPACE)
			.metricName(metricName)
			.dimensionsMap(dimensions)
			.build();
	}

	/**
	 * One element an alarm watches: a queue, a dead-letter queue, a service's outbox, one of its breakers or one of its
	 * deferred works.
	 */
	public record WatchedElement(String name, Metric metric) {
	}
}
