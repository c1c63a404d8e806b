package io.securecart.cdk.observability;

import java.util.List;

/**
 * The OpenTelemetry collector sidecar of every task (AWS Distro for OpenTelemetry): the service sends OTLP to
 * localhost; traces go to X-Ray, the metrics the alarms need to CloudWatch (EMF).
 */
public final class TelemetryCollector {

	/** Pinned; check the tag exists in public.ecr.aws/aws-observability/aws-otel-collector before deploying. */
	public static final String IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0";

	public static final String OTLP_HTTP_ENDPOINT = "http://localhost:4318";

	/** Actions the sidecar needs that AWS cannot scope to a resource. */
	public static final List<String> XRAY_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
			"xray:GetSamplingRules", "xray:GetSamplingTargets");

	private TelemetryCollector() {
	}

	/** The collector's configuration, passed as AOT_CONFIG_CONTENT. */
	public static String configuration() {
		return """
				receivers:
				  otlp:
				    protocols:
				      grpc: { endpoint: 0.0.0.0:4317 }
				      http: { endpoint: 0.0.0.0:4318 }
				processors:
				  batch: {}
				  resourcedetection: { detectors: [env, ecs] }
				exporters:
				  awsxray: {}
				  awsemf:
				    namespace: %s
				    log_group_name: %s
				    dimension_rollup_option: NoDimensionRollup
				    metric_declarations:
				      - dimensions: [[%s]]
				        metric_name_selectors: [%s, %s]
				      - dimensions: [[%s, name, state]]
				        metric_name_selectors: [%s]
				      - dimensions: [[%s, %s]]
				        metric_name_selectors: [%s, %s]
				service:
				  pipelines:
				    traces: { receivers: [otlp], processors: [resourcedetection, batch], exporters: [awsxray] }
				    metrics: { receivers: [otlp], processors: [resourcedetection, batch], exporters: [awsemf] }
				""".formatted(CustomMetrics.NAMESPACE, CustomMetrics.LOG_GROUP, CustomMetrics.SERVICE_DIMENSION,
				CustomMetrics.OUTBOX_OLDEST_PENDING_AGE, CustomMetrics.OUTBOX_PENDING_ROWS, CustomMetrics.SERVICE_DIMENSION,
				CustomMetrics.CIRCUIT_BREAKER_STATE, CustomMetrics.SERVICE_DIMENSION, CustomMetrics.WORK_DIMENSION,
				CustomMetrics.DEFERRED_WORK_OLDEST_AGE, CustomMetrics.DEFERRED_WORK_PENDING);
	}
}
