package io.securecart.cdk.observability;

/**
 * The metrics the services publish themselves (Micrometer → OTLP → the collector sidecar's EMF exporter →
 * CloudWatch), which the topology's {@code outbox} and {@code circuitBreaker} alarms watch. docs/aws.md lists them.
 */
public final class CustomMetrics {

	public static final String NAMESPACE = "SecureCart";

	/** The log group the collector writes EMF records to; CloudWatch extracts the metrics from it. */
	public static final String LOG_GROUP = "/securecart/metrics";

	/** Dimension: the service (OpenTelemetry's {@code service.name}, set from OTEL_SERVICE_NAME). */
	public static final String SERVICE_DIMENSION = "service.name";

	/** Seconds since the oldest unsent outbox row was written (0 when none is pending); dimension service. */
	public static final String OUTBOX_OLDEST_PENDING_AGE = "securecart.outbox.oldest.pending.age";

	/** resilience4j-micrometer's gauge: 1 for the breaker's current state; dimensions service, name, state. */
	public static final String CIRCUIT_BREAKER_STATE = "resilience4j.circuitbreaker.state";

	private CustomMetrics() {
	}
}
