package io.securecart.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service's Spring context at the shared {@link TestInfrastructure}, through the same properties and
 * environment variables the service reads in production ({@code DB_HOST}, {@code REDIS_HOST},
 * {@code spring.cloud.aws.endpoint}...).
 */
public class SecureCartInfrastructureInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("securecart-test-infrastructure", properties(infrastructure)));
	}

	static Map<String, Object> properties(TestInfrastructure infrastructure) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.cloud.aws.endpoint", infrastructure.awsEndpoint().toString());
		properties.put("spring.cloud.aws.region.static", infrastructure.region());
		properties.put("spring.cloud.aws.credentials.access-key", infrastructure.accessKey());
		properties.put("spring.cloud.aws.credentials.secret-key", infrastructure.secretKey());
		properties.put("DB_HOST", infrastructure.postgresHost());
		properties.put("DB_PORT", infrastructure.postgresPort());
		properties.put("DB_REPLICA_HOST", infrastructure.postgresHost());
		properties.put("DB_REPLICA_PORT", infrastructure.replicaPort());
		properties.put("DB_USER", infrastructure.postgresUser());
		properties.put("DB_PASSWORD", infrastructure.postgresPassword());
		// Inventory's shared catalog cache; services without Redis ignore them.
		properties.put("REDIS_HOST", infrastructure.redisHost());
		properties.put("REDIS_PORT", infrastructure.redisPort());
		// Stop listeners quickly when a test context closes, so they cannot steal the next context's messages.
		properties.put("spring.cloud.aws.sqs.listener.poll-timeout", "1s");
		// Spans are made and propagated as in production, but not exported: no trace store runs for these tests.
		properties.put("management.tracing.export.zipkin.enabled", "false");
		// Tokens from the test issuer (TestTokens), verified by the service's real resource-server configuration.
		properties.putAll(TestTokens.shared().resourceServerProperties());
		return properties;
	}
}
