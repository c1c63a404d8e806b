package io.securecart.console.security;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.securecart.console.api.AccessTokens;
import io.securecart.console.api.ConsoleProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
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
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * Who may open what, in one place (docs/security.md; {@code ConsoleEndpointAuthorizationTest} proves every row):
 * <ul>
 * <li>anyone: the home page, the assets, health and info;</li>
 * <li>signed-in users (customers and admins): the catalog, ordering, their orders and notifications. What they see
 * there is what the services' APIs answer for their token: a customer's own orders only;</li>
 * <li>admins: everything under {@code /ops/};</li>
 * <li>nothing else.</li>
 * </ul>
 * Sign-in is the authorization code flow with PKCE against the issuer (auth-server, or Cognito); the calls to its
 * token endpoint: {@link IssuerTokensConfiguration}. Public only so that each feature's {@code @WebMvcTest} can import
 * it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ConsoleProperties.class, RolesClaimProperties.class })
public class ConsoleSecurityConfiguration {

	static final String ADMIN = "ADMIN";

	/** The console's own session cookie: browsers share cookies across ports, and the issuer's is JSESSIONID too. */
	static final String SESSION_COOKIE = "SECURECART_CONSOLE";

	@Bean
	SecurityFilterChain consoleFilterChain(HttpSecurity http, ClientRegistrationRepository registrations,
			ObjectProvider<AccessTokens> accessTokens, ObjectProvider<RefreshTokenRevocation> revocation,
			ConsoleProperties properties, RolesClaimProperties roles) throws Exception {
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
			// Served with the console's own AWS credentials, not through a service that checks the caller's token:
			// admins by their current token, not by their sign-in.
			.requestMatchers("/ops/workflows", "/ops/workflows/**", "/ops/topology", "/ops/topology/queues")
			.access(new AdminByCurrentToken(accessTokens, roles.rolesClaim()))
			.requestMatchers("/ops", "/ops/**")
			.hasRole(ADMIN)
			.anyRequest()
			.denyAll())
			.oauth2Login(login -> login
				.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
				.loginPage("/oauth2/authorization/" + AccessTokens.REGISTRATION)
				// Not the default (the login page with ?error): that starts another sign-in, which the issuer, still
				// signed in, answers at once, and a lasting failure loops until the browser gives up.
				.failureUrl("/?sign-in-failed"))
			.logout(logout -> logout.deleteCookies(SESSION_COOKIE)
				.addLogoutHandler((request, response, user) -> forgetTokens(accessTokens, revocation, user))
				.logoutSuccessHandler(signOutAtTheIssuer(registrations, properties.signOutUri())));
		return http.build();
	}

	/**
	 * Signing out ends the issuer's session too (OpenID Connect RP-initiated logout), then comes back to the start
	 * page: otherwise the next person at the same browser who clicks "Sign in" is signed in as the last one without a
	 * password. An issuer that publishes no {@code end_session_endpoint} (Cognito) ends the console's session only.
	 */
	private static LogoutSuccessHandler signOutAtTheIssuer(ClientRegistrationRepository registrations, URI signOutUri) {
		// The provider is configured endpoint by endpoint (the browser's issuer URL is not the services'), so there is
		// no discovery document to name the end-session endpoint: it is added here.
		boolean none = signOutUri == null || signOutUri.toString().isBlank();
		ClientRegistrationRepository withEndSession = none ? registrations : id -> {
			ClientRegistration registration = registrations.findByRegistrationId(id);
			if (registration == null) {
				return null;
			}
			Map<String, Object> metadata = new HashMap<>(registration.getProviderDetails().getConfigurationMetadata());
			metadata.putIfAbsent("end_session_endpoint", signOutUri.toString());
			return ClientRegistration.withClientRegistration(registration).providerConfigurationMetadata(metadata).build();
		};
		OidcClientInitiatedLogoutSuccessHandler handler = new OidcClientInitiatedLogoutSuccessHandler(withEndSession);
		handler.setPostLogoutRedirectUri("{baseUrl}/");
		handler.setDefaultTargetUrl("/");
		return handler;
	}

	/**
	 * The signed-out user's tokens go too: they are kept by username, outside the session, for the live trackers; and
	 * their refresh token is revoked at the issuer. (A feature's {@code @WebMvcTest} has neither: nothing to forget or
	 * revoke there.)
	 */
	private static void forgetTokens(ObjectProvider<AccessTokens> accessTokens,
			ObjectProvider<RefreshTokenRevocation> revocation, Authentication authentication) {
		if (authentication != null) {
			accessTokens.ifAvailable(tokens -> tokens.forget(authentication)
				.ifPresent(client -> revocation.ifAvailable(revoke -> revoke.revoke(client))));
		}
	}

	/**
	 * The user's roles are the roles claim of their access token ({@code roles}; {@code cognito:groups} on AWS), what
	 * the services will check, verified with the issuer's keys; the ID token carries none.
	 */
	@Bean
	OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(ClientRegistrationRepository registrations,
			RolesClaimProperties roles) {
		OidcUserService delegate = new OidcUserService();
		JwtDecoder accessTokens = NimbusJwtDecoder
			.withJwkSetUri(registrations.findByRegistrationId(AccessTokens.REGISTRATION)
				.getProviderDetails()
				.getJwkSetUri())
			.build();
		return request -> {
			OidcUser user = delegate.loadUser(request);
			Jwt token = accessTokens.decode(request.getAccessToken().getTokenValue());
			return new DefaultOidcUser(authoritiesOf(token, roles.rolesClaim()), user.getIdToken(), user.getUserInfo(),
					IdTokenClaimNames.SUB);
		};
	}

	static Set<GrantedAuthority> authoritiesOf(Jwt token, String rolesClaim) {
		List<String> roles = token.getClaimAsStringList(rolesClaim);
		return (roles == null ? List.<String>of() : roles).stream()
			.map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
			.collect(Collectors.toUnmodifiableSet());
	}
}
