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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

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
 * token endpoint: {@link IssuerTokensConfiguration}. A page that needs a sign-in is sent to it and comes back after;
 * an htmx request gets 401 with {@code HX-Redirect} to the start page, which offers it, and an event stream or a
 * script's request a plain 401: neither starts a sign-in nor is what one comes back to. Public only so that each
 * feature's {@code @WebMvcTest} can import it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ConsoleProperties.class, RolesClaimProperties.class })
public class ConsoleSecurityConfiguration {

	static final String ADMIN = "ADMIN";

	/** The console's own session cookie: browsers share cookies across ports, and the issuer's is JSESSIONID too. */
	static final String SESSION_COOKIE = "SECURECART_CONSOLE";

	/** What htmx sends with each of its requests. */
	static final RequestMatcher HTMX = new RequestHeaderRequestMatcher("HX-Request", "true");

	/**
	 * The public start page, saying the session needs a sign-in (or has ended, if it is no longer signed in at all)
	 * and offering one; it starts nothing itself.
	 */
	static final String SIGNED_OUT = "/?signed-out";

	@Bean
	SecurityFilterChain consoleFilterChain(HttpSecurity http, ClientRegistrationRepository registrations,
			ObjectProvider<AccessTokens> accessTokens, ObjectProvider<RefreshTokenRevocation> revocation,
			ConsoleProperties properties, RolesClaimProperties roles) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, "/oauth2/authorization");
		// A confidential client uses PKCE too (OAuth 2.1); the issuer requires it of this client.
		authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		String signIn = "/oauth2/authorization/" + AccessTokens.REGISTRATION;
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
				.loginPage(signIn)
				// Not the default (the login page with ?error): that starts another sign-in, which the issuer, still
				// signed in, answers at once, and a lasting failure loops until the browser gives up.
				.failureUrl("/?sign-in-failed"))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(DelegatingAuthenticationEntryPoint
				.builder()
				.addEntryPointFor(htmxSignedOut(), HTMX)
				.addEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), scriptsAndStreams())
				.defaultEntryPoint(new LoginUrlAuthenticationEntryPoint(signIn))
				.build()))
			.requestCache(cache -> cache.requestCache(pagesToReturnTo()))
			.logout(logout -> logout.deleteCookies(SESSION_COOKIE)
				.addLogoutHandler((request, response, user) -> forgetTokens(accessTokens, revocation, user))
				.logoutSuccessHandler(signOutAtTheIssuer(registrations, properties.signOutUri())));
		return http.build();
	}

	/**
	 * An htmx request (the topology's queue gauges, polled every 3 s) that needs a sign-in: htmx would follow a 302
	 * itself and swap the issuer's sign-in page into the fragment, or fail on it cross-origin; {@code HX-Redirect}
	 * makes it navigate the whole window instead (htmx 2.0.10 honours it on any status, before it decides whether to
	 * swap). Not to the sign-in: that would start an authorization request, and a session keeps one, so a poll's would
	 * replace the one of a sign-in another tab has under way at the issuer's form, which then fails
	 * ({@code authorization_request_not_found}). To the start page, which says the session needs a sign-in and offers
	 * "Sign in".
	 * 401, not 200: there is nothing to swap.
	 */
	private static AuthenticationEntryPoint htmxSignedOut() {
		return (request, response, failure) -> {
			response.setHeader("HX-Redirect", request.getContextPath() + SIGNED_OUT);
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
		};
	}

	/**
	 * Callers that are not pages and not htmx: an order's live stream (an {@code EventSource}, which cannot send
	 * {@code HX-Request}, asks for {@code text/event-stream} and reconnects with back-off), scripts' JSON and XHR
	 * requests. A 302 would be followed into the sign-in, starting an authorization request on every retry, each
	 * replacing the one of a sign-in under way: a plain 401 instead. A browser page asks for {@code *}{@code /*} among
	 * others, which says nothing.
	 */
	private static RequestMatcher scriptsAndStreams() {
		MediaTypeRequestMatcher notPages = new MediaTypeRequestMatcher(MediaType.TEXT_EVENT_STREAM,
				MediaType.APPLICATION_JSON);
		notPages.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return new OrRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"), notPages);
	}

	/**
	 * The page a sign-in comes back to, and never an htmx request: a poll is no page to come back to, and a session
	 * keeps one saved page only, so a poll that needed a sign-in would replace the page of the sign-in another tab has
	 * under way. Otherwise Spring Security's default choice, restated because a cache of one's own replaces it: GETs,
	 * not the favicon, not scripts' requests, not JSON, forms or event streams (an order's live updates); it also
	 * leaves out websockets, which the console has none of.
	 */
	private static RequestCache pagesToReturnTo() {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		MediaTypeRequestMatcher notPages = new MediaTypeRequestMatcher(MediaType.APPLICATION_JSON,
				MediaType.MULTIPART_FORM_DATA, MediaType.TEXT_EVENT_STREAM);
		notPages.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		HttpSessionRequestCache pages = new HttpSessionRequestCache();
		pages.setRequestMatcher(new AndRequestMatcher(paths.matcher(HttpMethod.GET, "/**"),
				new NegatedRequestMatcher(paths.matcher("/favicon.*")),
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")),
				new NegatedRequestMatcher(notPages), new NegatedRequestMatcher(HTMX)));
		return pages;
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
