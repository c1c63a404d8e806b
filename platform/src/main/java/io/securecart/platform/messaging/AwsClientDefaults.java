package io.securecart.platform.messaging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Cloud AWS settings every service shares, as the lowest-precedence property source (a service's
 * {@code application.yml} or the environment overrides them).
 * <ul>
 * <li>No Spring Cloud AWS S3 clients: the claim check's S3 client is the platform's
 * ({@link ClaimCheckAutoConfiguration}). With the CRT HTTP client on the class path
 * ({@link AwsClientsAutoConfiguration}), Spring Cloud AWS would otherwise start a CRT-based {@code S3AsyncClient},
 * with its own native threads, that nothing uses.
 * <li>No SNS message signature verifier ({@code SnsMessageManager}): it checks notifications that SNS posts to an HTTP
 * endpoint, and every subscription here is a queue. Built, it would bring the SDK's Apache HTTP client, its class
 * loading and its idle-connection thread into every service for nothing.
 * </ul>
 */
class AwsClientDefaults implements EnvironmentPostProcessor {

	static final String NAME = "securecartAwsClientDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(NAME,
					Map.of("spring.cloud.aws.s3.enabled", "false", "spring.cloud.aws.sns.verification", "false")));
	}
}
