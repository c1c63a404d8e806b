package io.securecart.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The issuer's authorizations (each sign-in's code, tokens and refresh token; each client-credentials token) live in
 * its PostgreSQL database ({@code oauth2_authorization}), not in memory, where Spring Authorization Server's default
 * kept every one for ever and searched them all on each lookup. Those no token can use any more are deleted
 * ({@link ExpiredAuthorizations}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling // the purge of expired authorizations
class AuthorizationStoreConfiguration {

	@Bean
	OAuth2AuthorizationService authorizations(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}
}
