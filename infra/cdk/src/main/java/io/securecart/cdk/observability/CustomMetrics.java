package io.securecart.cdk.observability;

/**
 * The metrics the services publish themselves (Micrometer → OTLP → the collector sidecar's EMF exporter →
 * CloudWatch), which the topology's {@code outbox}, {@code circuitBreaker} and {@code deferredWork} alarms watch.
 * docs/aws.md lists them.
 */
public final class CustomMetrics {

	public static final String NAMESPACE = "SecureCart";

	/** The log group the collector writes EMF records to; CloudWatch extracts the metrics from it. */
	public static final String LOG_GROUP = "/securecart/metrics";

	/** Dimension: the service, the common tag every meter carries (spring.application.name, as in Prometheus). */
	public static final String SERVICE_DIMENSION = "application";

	/** Seconds the oldest unsent outbox row has waited; dimension application (maximum over its destinations). */
	public static final String OUTBOX_OLDEST_PENDING_AGE = "securecart.outbox.oldest.pending.age";

	/** Unsent outbox rows; dimension application. */
	public static final String OUTBOX_PENDING_ROWS = "securecart.outbox.pending.rows";

	/** resilience4j-micrometer's gauge: 1 for the breaker's current state; dimensions application, name, state. */
	public static final String CIRCUIT_BREAKER_STATE = "resilience4j.circuitbreaker.state";

	/** Dimension: which of a service's deferred work (platform's {@code DeferredWork}). */
	public static final String WORK_DIMENSION = "work";

	/** Seconds the oldest deferred work has been owed; dimensions application, work. */
	public static final String DEFERRED_WORK_OLDEST_AGE = "securecart.deferred.work.oldest.age";

	/** Deferred work owed; dimensions application, work. */
	public static final String DEFERRED_WORK_PENDING = "securecart.deferred.work.pending";

	private CustomMetrics() {
	}
}
