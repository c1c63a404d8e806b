package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securecart.cdk.observability.Alarms;
import io.securecart.cdk.observability.TelemetryCollector;
import io.securecart.cdk.services.ServiceCatalog;

/**
 * The services' own metrics reach CloudWatch only if they push them over OTLP to the collector: the platform's
 * defaults switch that export off (locally Prometheus scrapes), so every service's container must be given the
 * collector's URL and switch the export on, or the outbox, circuit-breaker and deferred-work alarms never see a
 * datapoint. Checked on each service of the catalog, so a service that loses every variable fails too.
 */
class TelemetryExportTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void everyServiceContainerExportsItsMetricsToTheCollector() {
		Map<String, Map<String, Object>> containers = serviceContainers();

		assertThat(containers.keySet()).as("a container per service of the catalog")
			.containsExactlyInAnyOrderElementsOf(
					ServiceCatalog.services().stream().map(ServiceCatalog.ServiceSpec::name).toList());
		containers.forEach((service, environment) -> assertThat(environment).as(service)
			.containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_URL", TelemetryCollector.OTLP_HTTP_ENDPOINT + "/v1/metrics")
			.containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "true"));
	}

	/**
	 * The alarms take a period's Maximum over one minute: with Boot's default step of a minute that is one sample, the
	 * Maximum is the Minimum, and a breaker flipping between open and half-open is seen open only by chance.
	 */
	@Test
	void everyServiceContainerExportsItsMetricsSeveralTimesAnAlarmPeriod() {
		Map<String, Map<String, Object>> containers = serviceContainers();

		assertThat(containers).hasSize(ServiceCatalog.services().size());
		containers.forEach((service, environment) -> assertThat(environment).as(service)
			.containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_STEP", "10s"));
		assertThat(Alarms.SHORTEST_PERIOD_SECONDS / 10).as("samples in the shortest alarm period").isGreaterThan(1);
	}

	@Test
	void everyServiceContainerSendsSpansToTheCollectorAndNotToZipkin() {
		Map<String, Map<String, Object>> containers = serviceContainers();

		assertThat(containers).hasSize(ServiceCatalog.services().size());
		containers.forEach((service, environment) -> assertThat(environment).as(service)
			.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
					TelemetryCollector.OTLP_HTTP_ENDPOINT + "/v1/traces")
			.containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "false"));
	}

	/** The environment of each service's own container (named after the service), by service. */
	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> serviceContainers() {
		List<String> services = ServiceCatalog.services().stream().map(ServiceCatalog.ServiceSpec::name).toList();
		Map<String, Map<String, Object>> found = new LinkedHashMap<>();
		app.ofType("AWS::ECS::TaskDefinition").forEach((id, task) -> {
			for (Map<String, Object> container : (List<Map<String, Object>>) properties(task)
				.get("ContainerDefinitions")) {
				String name = (String) container.get("Name");
				if (!services.contains(name)) {
					continue;
				}
				Map<String, Object> environment = new LinkedHashMap<>();
				((List<Map<String, Object>>) container.getOrDefault("Environment", List.of()))
					.forEach(entry -> environment.put((String) entry.get("Name"), entry.get("Value")));
				assertThat(found.put(name, environment)).as("one container named " + name).isNull();
			}
		});
		return found;
	}
}
