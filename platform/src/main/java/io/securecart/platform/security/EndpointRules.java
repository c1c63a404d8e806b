package io.securecart.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call a service's own endpoints: each service declares one bean of this, in one place. The platform adds
 * the rules every service shares (health and info public, the actuator and {@code /api/admin/**} for admins, the
 * OpenAPI description public) before them, and refuses every request no rule names after them.
 */
@FunctionalInterface
public interface EndpointRules {

	void declare(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
