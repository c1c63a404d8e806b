package io.securecart.platform.security;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishing the API's description is a decision, so it is written down: {@code /v3/api-docs} and
 * {@code /swagger-ui} are on in every service, and open to anyone ({@link ResourceServerAutoConfiguration}: the
 * description is documentation, not data, and every operation it lists still checks its caller). Left unset,
 * springdoc warned at every start that both are "enabled by default" and to switch them off in production. The lowest
 * precedence: a deployment that wants them off sets {@code springdoc.api-docs.enabled} and
 * {@code springdoc.swagger-ui.enabled} to false.
 */
class ApiDocumentationDefaults implements EnvironmentPostProcessor {

	static final String NAME = "securecartApiDocumentationDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(NAME,
					Map.of("springdoc.api-docs.enabled", "true", "springdoc.swagger-ui.enabled", "true")));
	}
}
