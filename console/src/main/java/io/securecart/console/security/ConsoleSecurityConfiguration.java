package io.securecart.console.security;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.securecart.console.api.AccessTokens;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may open what, in one place (docs/security.md; {@code ConsoleEndpointAuthorizationTest} proves every row):
 * <ul>
 * <li>anyone: the home page, the assets, health and info;</li>
 * <li>signed-in users (customers and admins): the catalog, ordering, their orders and notifications. What they see
 * there is what the services' APIs answer for their token: a customer's own orders only;</li>
 * <li>admins: everything under {@code /ops/};</li>
 * <li>nothing else.</li>
 * </ul>
 * Sign-in is the authorization code flow with PKCE against the issuer (auth-server, or Cognito). Public only so that
 * each feature's {@code @WebMvcTest} can import it.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

	static final String ADMIN = "ADMIN";

	/** The console's own session cookie: browsers share cookies across ports, and the issuer's is JSESSIONID too. */
	static final String SESSION_COOKIE = "SECURECART_CONSOLE";

	@Bean
	SecurityFilterChain consoleFilterChain(HttpSecurity http, ClientRegistrationRepository registrations)
			throws Exception {
		DefaultOAuth2AuthorizationRequestResolver authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, "/oauth2/authorization");
		// A confidential client uses PKCE too (OAuth 2.1); the issuer requires it of this client.
		authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		http.authorizeHttpRequests(requests -> requests
			// Public: the start page invites signing in and holds no data; styles, scripts and the error page must load
			// before anyone is signed in.
			.requestMatchers("/", "/css/**", "/webjars/**", "/favicon.ico", "/error")
			.permitAll()
			// Public: health for the launcher, compose and load balancers (no details without ADMIN), info says nothing.
			.requestMatchers(EndpointRequest.to("health", "info"))
			.permitAll()
			.requestMatchers("/catalog", "/catalog/**", "/orders", "/orders/**", "/notifications")
			.authenticated()
			.requestMatchers("/ops", "/ops/**")
			.hasRole(ADMIN)
			.anyRequest()
			.denyAll())
			.oauth2Login(login -> login
				.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
				.loginPage("/oauth2/authorization/" + AccessTokens.REGISTRATION))
			.logout(logout -> logout.logoutSuccessUrl("/").deleteCookies(SESSION_COOKIE));
		return http.build();
	}

	/**
	 * The user's roles are the {@code roles} claim of their access token (what the services will check), verified
	 * with the issuer's keys; the ID token carries none.
	 */
	@Bean
	OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(ClientRegistrationRepository registrations) {
		OidcUserService delegate = new OidcUserService();
		JwtDecoder accessTokens = NimbusJwtDecoder
			.withJwkSetUri(registrations.findByRegistrationId(AccessTokens.REGISTRATION)
				.getProviderDetails()
				.getJwkSetUri())
			.build();
		return request -> {
			OidcUser user = delegate.loadUser(request);
			Jwt token = accessTokens.decode(request.getAccessToken().getTokenValue());
			return new DefaultOidcUser(authoritiesOf(token), user.getIdToken(), user.getUserInfo(),
					IdTokenClaimNames.SUB);
		};
	}

	static Set<GrantedAuthority> authoritiesOf(Jwt token) {
		List<String> roles = token.getClaimAsStringList("roles");
		return (roles == null ? List.<String>of() : roles).stream()
			.map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
			.collect(Collectors.toUnmodifiableSet());
	}

	/** Tokens by principal from the authorized client service, so a scheduler thread can use them; refreshed. */
	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().refreshToken().build());
		return manager;
	}
}
