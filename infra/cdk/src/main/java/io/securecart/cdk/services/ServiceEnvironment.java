package io.securecart.cdk.services;

import java.util.LinkedHashMap;
import java.util.Map;

import io.securecart.cdk.database.Databases;
import io.securecart.cdk.functions.StockAlertsFunction;
import io.securecart.cdk.identity.Identity;
import io.securecart.cdk.observability.TelemetryCollector;
import io.securecart.cdk.services.ServiceCatalog.ServiceSpec;
import software.amazon.awscdk.services.ecs.Secret;

/**
 * The environment a service gets on AWS: the same variable names as {@code ./securecart up} and docker-compose.yml
 * export, with AWS's addresses; the issuer is Cognito (docs/security.md, "Switching to Amazon Cognito"). No
 * SPRING_CLOUD_AWS_ENDPOINT: the SDK talks to AWS itself, with the task role's credentials.
 */
final class ServiceEnvironment {

	/** How often a service pushes its metrics: six samples in each one-minute alarm period (Alarms). */
	static final String OTLP_METRICS_STEP = "10s";

	private ServiceEnvironment() {
	}

	static Map<String, String> of(ServiceSpec service, String region, String baseUrl, Databases databases,
			Identity identity) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("AWS_REGION", region);
		environment.put("SERVER_PORT", String.valueOf(service.port()));
		environment.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
		environment.put("OTEL_SERVICE_NAME", service.name());
		environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", TelemetryCollector.OTLP_HTTP_ENDPOINT);
		environment.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
				TelemetryCollector.OTLP_HTTP_ENDPOINT + "/v1/traces");
		// Spans go to the collector (X-Ray), not to a Zipkin that is not there (docs/observability.md, "On AWS").
		environment.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "false");
		environment.put("MANAGEMENT_OTLP_METRICS_EXPORT_URL", TelemetryCollector.OTLP_HTTP_ENDPOINT + "/v1/metrics");
		// The platform's ObservabilityDefaults turn the OTLP registry off (locally Prometheus scrapes): without this
		// the URL above is never used, and the outbox, circuit-breaker and deferred-work alarms see no data.
		environment.put("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "true");
		// Boot pushes once a minute by default: one sample per alarm period, so a period's Maximum is its Minimum and
		// circuit-open-too-long would need the breaker open at two exports in a row (docs/observability.md, "On AWS").
		environment.put("MANAGEMENT_OTLP_METRICS_EXPORT_STEP", ServiceEnvironment.OTLP_METRICS_STEP);
		if (service.database() != null) {
			environment.put("DB_HOST", databases.primary().getDbInstanceEndpointAddress());
			environment.put("DB_PORT", databases.primary().getDbInstanceEndpointPort());
		}
		if (service.publishes().queues().contains(StockAlertsFunction.QUEUE)) {
			// The Lambda consumes stock-level-changes on AWS: the service's local event source stays off (ADR 15).
			environment.put("SECURECART_STOCK_ALERTS_LOCAL_EVENT_SOURCE", "false");
		}
		if (service.readsCatalogReplica()) {
			environment.put("DB_REPLICA_HOST", databases.catalogReplica().getDbInstanceEndpointAddress());
			environment.put("DB_REPLICA_PORT", databases.catalogReplica().getDbInstanceEndpointPort());
			// The catalog's shared cache (ADR 13): ElastiCache only speaks TLS here.
			environment.put("REDIS_HOST", databases.catalogCache().endpointAddress());
			environment.put("REDIS_PORT", databases.catalogCache().endpointPort());
			environment.put("REDIS_TLS", "true");
		}
		environment.put("SECURECART_SECURITY_ISSUER_URI", identity.issuerUrl());
		environment.put("SECURECART_SECURITY_JWK_SET_URI", identity.jwkSetUrl());
		environment.put("SECURECART_SECURITY_AUDIENCE_CLAIM", "client_id");
		environment.put("SECURECART_SECURITY_AUDIENCE", identity.consoleClient().getUserPoolClientId());
		environment.put("SECURECART_SECURITY_ROLES_CLAIM", "cognito:groups");
		if (service.name().equals("checkout-service")) {
			environment.put("SECURECART_TOKEN_URI", identity.tokenUrl());
			environment.put("CHECKOUT_CLIENT_ID", identity.checkoutClient().getUserPoolClientId());
			environment.put("SECURECART_CHECKOUT_CATALOG_BASEURL", baseUrl + ":" + port("inventory-service"));
			environment.put("SECURECART_CHECKOUT_PAYMENT_BASEURL", baseUrl + ":" + port("payment-service"));
		}
		if (service.name().equals("console")) {
			environment.put("SECURECART_CONSOLE_SIGN_IN_URI", identity.signInUrl());
			// Cognito's hosted UI has no OpenID Connect end-session endpoint: signing out ends the console's session.
			environment.put("SECURECART_CONSOLE_SIGN_OUT_URI", "");
			environment.put("SECURECART_TOKEN_URI", identity.tokenUrl());
			environment.put("CONSOLE_CLIENT_ID", identity.consoleClient().getUserPoolClientId());
			for (String target : java.util.List.of("checkout", "payment", "fulfillment", "notification", "inventory")) {
				environment.put("SECURECART_CONSOLE_SERVICES_" + target.toUpperCase(java.util.Locale.ROOT),
						baseUrl + ":" + port(target + "-service"));
			}
		}
		return environment;
	}

	static Map<String, Secret> secrets(ServiceSpec service, Databases databases, Identity identity) {
		Map<String, Secret> secrets = new LinkedHashMap<>();
		if (service.database() != null) {
			secrets.put("DB_USER", Secret.fromSecretsManager(databases.credentials(), "username"));
			secrets.put("DB_PASSWORD", Secret.fromSecretsManager(databases.credentials(), "password"));
		}
		if (service.name().equals("checkout-service")) {
			secrets.put("CHECKOUT_CLIENT_SECRET", Secret.fromSecretsManager(identity.checkoutClientSecret()));
		}
		if (service.name().equals("console")) {
			secrets.put("CONSOLE_CLIENT_SECRET", Secret.fromSecretsManager(identity.consoleClientSecret()));
		}
		return secrets;
	}

	private static int port(String service) {
		return ServiceCatalog.service(service).orElseThrow().port();
	}
}
