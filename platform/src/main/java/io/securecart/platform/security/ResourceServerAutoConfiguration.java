package io.securecart.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Makes every service an OAuth2 resource server: bearer JWTs verified against the issuer's published keys, with
 * their issuer and audience checked, the {@code roles} claim as the caller's roles, and 401/403 as problem details.
 * Each bean backs off when a service declares its own.
 */
@AutoConfiguration(before = { OAuth2ResourceServerAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
		ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class },
		beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ResourceServerProperties.class)
@EnableWebSecurity
public class ResourceServerAutoConfiguration {

	/** How far the issuer's clock may be ahead of or behind this service's: Spring's default. */
	static final Duration ALLOWED_CLOCK_SKEW = Duration.ofSeconds(60);

	/**
	 * Keys come from the JWKS, fetched when the first token arrives (and again when one is signed with a key not seen
	 * yet), so a service does not depend on the issuer being up to start. A token's signature is verified once (and
	 * again every 5 minutes) and its claims on every request ({@link VerifiedTokens}).
	 */
	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(ResourceServerProperties properties, Clock clock) {
		NimbusJwtDecoder signatureVerifier = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build();
		signatureVerifier.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		return new VerifiedTokens(signatureVerifier, claimsValidator(properties, clock), clock);
	}

	/**
	 * The claims every request checks: Spring's defaults (expiry with {@link #ALLOWED_CLOCK_SKEW}, the token type, a
	 * certificate-bound token's thumbprint), the issuer, and the audience. Expiry is judged by the service's
	 * {@link Clock}, the one every other time decision here reads, not by the machine's (Spring's default).
	 */
	static OAuth2TokenValidator<Jwt> claimsValidator(ResourceServerProperties properties, Clock clock) {
		JwtTimestampValidator notExpired = new JwtTimestampValidator(ALLOWED_CLOCK_SKEW);
		notExpired.setClock(clock);
		return JwtValidators.createDefaultWithValidators(notExpired,
				new JwtIssuerValidator(properties.issuerUri().toString()), new JwtClaimValidator<Object>(
						properties.audienceClaim(), audience -> contains(audience, properties.audience())));
	}

	private static boolean contains(Object claim, String audience) {
		return switch (claim) {
			case String single -> single.equals(audience);
			case Collection<?> many -> many.contains(audience);
			case null, default -> false;
		};
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter jwtAuthenticationConverter(ResourceServerProperties properties) {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName(properties.rolesClaim());
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return converter;
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityProblems securityProblems() {
		return new SecurityProblems();
	}

	/**
	 * Stateless bearer-token security (no session, no cookie, so no CSRF to defend against). The rules every service
	 * shares, then the service's own ({@link EndpointRules}), then everything else refused.
	 */
	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JwtAuthenticationConverter converter,
			SecurityProblems problems, ObjectProvider<EndpointRules> serviceRules) throws Exception {
		List<EndpointRules> declared = serviceRules.orderedStream().toList();
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(rules -> {
				// Public: orchestrators and load balancers probe health without a token; details show to admins only.
				rules.requestMatchers(EndpointRequest.to("health", "info"))
					.permitAll()
					// Prometheus scrapes with a token of its own that may read metrics and nothing else (docs/adr/0007-metrics-and-alarms.md).
					.requestMatchers(EndpointRequest.to("prometheus"))
					.hasAnyRole(Roles.ADMIN, Roles.METRICS)
					.requestMatchers(EndpointRequest.toAnyEndpoint())
					.hasRole(Roles.ADMIN)
					// Public: the API's description is documentation, not data; every operation it lists still checks.
					.requestMatchers("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
							"/swagger-ui/**")
					.permitAll()
					.requestMatchers("/api/admin/**")
					.hasRole(Roles.ADMIN)
					// Public: the error page renders the problem of a request already refused or failed upstream.
					.requestMatchers("/error")
					.permitAll();
				declared.forEach(service -> service.declare(rules));
				rules.anyRequest().denyAll();
			})
			.oauth2ResourceServer(resourceServer -> resourceServer
				.jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				// The default rethrows a token it could not check (the issuer's keys unreachable): a 500, no problem.
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler(problems);
						return filter;
					}
				}))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}
}
