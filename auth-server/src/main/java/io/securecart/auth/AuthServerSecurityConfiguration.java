package io.securecart.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Two filter chains, as Spring Authorization Server's reference configuration has them: the protocol endpoints
 * ({@code /oauth2/*}, {@code /.well-known/*}), and the login form and actuator. Clients are registered in
 * {@code application.yml} ({@code spring.security.oauth2.authorizationserver.client.*}).
 */
@Configuration(proxyBeanMethods = false)
class AuthServerSecurityConfiguration {

	/** Roles of a token issued to a service client (client credentials). */
	static final String SERVICE_ROLE = "SERVICE";

	/** The scope of a metrics scraper's client: its tokens carry {@link #METRICS_ROLE} only, never SERVICE. */
	static final String METRICS_SCOPE = "metrics.read";

	/** May read {@code /actuator/prometheus} and nothing else. */
	static final String METRICS_ROLE = "METRICS";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			// A browser (or curl asking for HTML) that is not signed in goes to the login form.
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain loginFilterChain(HttpSecurity http) throws Exception {
		// Public: health is probed by the launcher and compose before anyone can sign in.
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers(EndpointRequest.to("health", "info"))
			.permitAll()
			.anyRequest()
			.authenticated()).formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService demoUsers(DemoUsersProperties properties) {
		return new InMemoryUserDetailsManager(properties.users()
			.stream()
			.map(user -> User.withUsername(user.username())
				.password(user.passwordHash())
				.roles(user.roles().toArray(String[]::new))
				.build())
			.toList());
	}

	/**
	 * Every access token says who (the {@code sub}: the username, or the client id of a service), what they may do
	 * (the {@code roles} claim) and for whom it is meant (the {@code aud} the services check).
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(DemoUsersProperties properties) {
		return context -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			// A client's role comes from its registration, not from the scopes of this request: a request that names
			// no scope is granted none, and would otherwise make the metrics client a service.
			List<String> roles = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
					? List.of(context.getRegisteredClient().getScopes().contains(METRICS_SCOPE) ? METRICS_ROLE
							: SERVICE_ROLE)
					: rolesOf(context.getPrincipal().getAuthorities());
			// ArrayLists: the claims are stored with the authorization (AuthorizationStoreConfiguration) as JSON that
			// names each value's class, and read back only for classes Spring Security allows, which List.of's are not.
			context.getClaims()
				.audience(new ArrayList<>(List.of(properties.audience())))
				.claim("roles", new ArrayList<>(roles));
		};
	}

	private static List<String> rolesOf(java.util.Collection<? extends GrantedAuthority> authorities) {
		Set<String> names = AuthorityUtils.authorityListToSet(authorities);
		return names.stream().filter(name -> name.startsWith("ROLE_")).map(name -> name.substring(5)).sorted().toList();
	}
}
