package io.securecart.platform.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every service's tracing settings, once: the lowest-precedence property source, so a service's
 * {@code application.yml}, the environment ({@code MANAGEMENT_TRACING_SAMPLING_PROBABILITY=0.1},
 * {@code MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT}, ...) or a test overrides any of them.
 * <ul>
 * <li>Every order is traced (100 %): this is a teaching system that runs a few orders a second. Production lowers it.
 * <li>Spans go to Zipkin on :9411 ({@code ./securecart up}, compose, the e2e tests). On AWS the OTLP exporter sends
 * them to an OpenTelemetry collector instead (docs/observability.md#traces): set
 * {@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT} and {@code MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED=false}.
 * <li>Spring Cloud AWS observes its listeners: their spans continue the trace the message's {@code traceparent}
 * names.
 * <li>Pushing metrics over OTLP is off by default (the starter brings that registry; locally Prometheus scrapes them).
 * On AWS the CDK app switches it on ({@code MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED=true}, docs/aws.md).
 * <li>Spring Security's own observations are off: per request they cost more than they tell.
 * </ul>
 */
class ObservabilityDefaults implements EnvironmentPostProcessor {

	static final String NAME = "securecartObservabilityDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.tracing.sampling.probability", "1.0");
		defaults.put("management.tracing.export.zipkin.endpoint", "http://localhost:9411/api/v2/spans");
		defaults.put("spring.cloud.aws.sqs.observation-enabled", "true");
		defaults.put("management.otlp.metrics.export.enabled", "false");
		// No trace ids on metrics: Debian's Prometheus (2.42) rejects a whole scrape whose counters carry exemplars
		// ("metric name ..._count does not support exemplars"), and a trace is found by its orderId tag anyway.
		defaults.put("management.tracing.exemplars.include", "none");
		// Spring Security observes its filter chain, the authentication and each authorization: five spans and
		// timers per request that no dashboard, alarm or lab reads (the request's own span shows the 401 or 403),
		// for about a tenth of a request's CPU (benchmarks/measurements.md, "Where the CPU goes").
		defaults.put("management.observations.enable.spring.security", "false");
		environment.getPropertySources().addLast(new MapPropertySource(NAME, defaults));
	}
}
