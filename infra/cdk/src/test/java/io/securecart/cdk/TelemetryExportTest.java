package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securecart.cdk.observability.TelemetryCollector;

/**
 * The services' own metrics reach CloudWatch only if they push them over OTLP to the collector: the platform's
 * defaults switch that export off (locally Prometheus scrapes), so a container given the collector's URL must also
 * switch it on, or the outbox, circuit-breaker and deferred-work alarms never see a datapoint.
 */
class TelemetryExportTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void everyContainerGivenTheOtlpMetricsUrlAlsoEnablesTheExport() {
		Map<String, Map<String, Object>> exporting = containersSetting("MANAGEMENT_OTLP_METRICS_EXPORT_URL");

		assertThat(exporting).as("containers given the collector's metrics URL").isNotEmpty();
		exporting.forEach((container, environment) -> assertThat(environment).as(container)
			.containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_URL", TelemetryCollector.OTLP_HTTP_ENDPOINT + "/v1/metrics")
			.containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "true"));
	}

	@Test
	void everyContainerSendingSpansToTheCollectorStopsSendingThemToZipkin() {
		Map<String, Map<String, Object>> tracing = containersSetting(
				"MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT");

		assertThat(tracing).isNotEmpty();
		tracing.forEach((container, environment) -> assertThat(environment).as(container)
			.containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "false"));
	}

	/** The environment of every container of every task definition that sets {@code variable}, by task and name. */
	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> containersSetting(String variable) {
		Map<String, Map<String, Object>> found = new LinkedHashMap<>();
		app.ofType("AWS::ECS::TaskDefinition").forEach((id, task) -> {
			for (Map<String, Object> container : (List<Map<String, Object>>) properties(task)
				.get("ContainerDefinitions")) {
				Map<String, Object> environment = new LinkedHashMap<>();
				((List<Map<String, Object>>) container.getOrDefault("Environment", List.of()))
					.forEach(entry -> environment.put((String) entry.get("Name"), entry.get("Value")));
				if (environment.containsKey(variable)) {
					found.put(id + "/" + container.get("Name"), environment);
				}
			}
		});
		return found;
	}
}
