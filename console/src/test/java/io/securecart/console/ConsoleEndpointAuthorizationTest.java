package io.securecart.console;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.securecart.console.api.AccessTokens;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.IssuerUnavailableException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import io.securecart.console.api.SignInRequiredException;
import io.securecart.console.security.RefreshTokenRevocation;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Who may open each of the console's pages, through its real security filters: anonymous, a customer, an admin. Every
 * endpoint the console maps must have a row, so a new page cannot ship until someone decides who may open it. The
 * services' APIs and AWS are stubbed to fail (a page that reached its controller shows their problem), so
 * {@link Outcome#ALLOWED} means the filters let the request through to the controller.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ConsoleEndpointAuthorizationTest {

	/** What a caller meets. */
	enum Outcome {

		/**
		 * Sent to sign in: a page to the issuer by a 302, an htmx request by a 401 with {@code HX-Redirect} to the start
		 * page, which offers it.
		 */
		SIGN_IN,

		/** 403. */
		FORBIDDEN,

		/** Through the filters to the controller. */
		ALLOWED,

		/** A 302 to the sign-in answered to htmx, which would follow it and swap the sign-in into the page: never. */
		SIGN_IN_INTO_A_FRAGMENT

	}

	/** Spring Boot's error page and Spring Security's OAuth2 endpoints are not the console's pages. */
	private static final Set<String> NOT_PAGES = Set.of("GET /error", "POST /error", "PUT /error", "DELETE /error",
			"PATCH /error", "HEAD /error", "OPTIONS /error");

	private static final String ORDER = "7b0c1a52-2b4f-4b51-9e2a-3c2f7f0e2d11";

	private static final String SIGN_IN = "/oauth2/authorization/securecart";

	/** Where htmx is sent when its request needs a sign-in: the start page, which offers one and starts none. */
	private static final String SIGNED_OUT = "/?signed-out";

	/** Where Spring Security keeps the session's one authorization request under way. */
	private static final String AUTHORIZATION_REQUEST = "org.springframework.security.oauth2.client.web."
			+ "HttpSessionOAuth2AuthorizationRequestRepository.AUTHORIZATION_REQUEST";

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	ClientRegistrationRepository registrations;

	@Autowired
	OAuth2AuthorizedClientService authorizedClients;

	@MockitoBean
	ServiceApi api;

	@MockitoBean
	SqsClient sqs;

	@MockitoBean
	SfnClient sfn;

	@MockitoBean
	RefreshTokenRevocation revocation;

	@MockitoSpyBean
	AccessTokens accessTokens;

	private final Map<String, List<Row>> rows = new LinkedHashMap<>();

	@BeforeEach
	void everyApiCallFails() {
		ApiProblemException stubbed = new ApiProblemException(Service.CHECKOUT, 503, "Stubbed", "no service here");
		given(api.get(any(), any(), any(Class.class), any(), any(Object[].class))).willThrow(stubbed);
		given(api.get(any(), any(), any(org.springframework.core.ParameterizedTypeReference.class), any(),
				any(Object[].class)))
			.willThrow(stubbed);
		given(api.getEntity(any(), any(), any(), any(), any(Object[].class))).willThrow(stubbed);
		given(api.health(any(), any())).willThrow(stubbed);
		given(api.send(any(), any(), any(), any(), any(), any(), any(), any(Object[].class))).willThrow(stubbed);
		willThrow(SdkClientException.create("stubbed")).given(sqs).getQueueUrl(any(java.util.function.Consumer.class));
		willThrow(SdkClientException.create("stubbed")).given(sfn)
			.listStateMachinesPaginator(any(java.util.function.Consumer.class));
		signedInWithRoles("ops", "ADMIN");
	}

	@Test
	void everyPageSaysWhoMayOpenIt() throws Exception {
		// anonymous, customer, admin
		row("GET /", HttpMethod.GET, "/", Outcome.ALLOWED, Outcome.ALLOWED, Outcome.ALLOWED);
		row("GET /catalog", HttpMethod.GET, "/catalog?q=mug", Outcome.SIGN_IN, Outcome.ALLOWED, Outcome.ALLOWED);
		row("GET /catalog/{sku}", HttpMethod.GET, "/catalog/SC-MUG-002", Outcome.SIGN_IN, Outcome.ALLOWED,
				Outcome.ALLOWED);
		row("POST /orders", HttpMethod.POST,
				"/orders?sku=SC-MUG-002&quantity=1&paymentToken=tok_visa&idempotencyKey=" + ORDER, Outcome.SIGN_IN,
				Outcome.ALLOWED, Outcome.ALLOWED);
		row("GET /orders", HttpMethod.GET, "/orders", Outcome.SIGN_IN, Outcome.ALLOWED, Outcome.ALLOWED);
		// Whose order it is, checkout decides: someone else's is its 404 (OrderControllerTest, e2e ConsoleBrowserIT).
		row("GET /orders/{id}", HttpMethod.GET, "/orders/" + ORDER, Outcome.SIGN_IN, Outcome.ALLOWED, Outcome.ALLOWED);
		row("GET /orders/{id}/live", HttpMethod.GET, "/orders/" + ORDER + "/live", Outcome.SIGN_IN, Outcome.ALLOWED,
				Outcome.ALLOWED);
		row("GET /notifications", HttpMethod.GET, "/notifications", Outcome.SIGN_IN, Outcome.ALLOWED, Outcome.ALLOWED);
		row("GET /ops", HttpMethod.GET, "/ops", Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/topology", HttpMethod.GET, "/ops/topology", Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/topology/queues", HttpMethod.GET, "/ops/topology/queues", Outcome.SIGN_IN, Outcome.FORBIDDEN,
				Outcome.ALLOWED);
		row("GET /ops/dlq", HttpMethod.GET, "/ops/dlq", Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/dlq/{service}/{queue}", HttpMethod.GET, "/ops/dlq/CHECKOUT/checkout-order-events-dlq",
				Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("POST /ops/dlq/{service}/{queue}/redrive", HttpMethod.POST,
				"/ops/dlq/CHECKOUT/checkout-order-events-dlq/redrive", Outcome.SIGN_IN, Outcome.FORBIDDEN,
				Outcome.ALLOWED);
		row("POST /ops/dlq/{service}/{queue}/messages/{messageId}/redrive", HttpMethod.POST,
				"/ops/dlq/CHECKOUT/checkout-order-events-dlq/messages/m-1/redrive", Outcome.SIGN_IN,
				Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/health", HttpMethod.GET, "/ops/health", Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/fraud-reviews", HttpMethod.GET, "/ops/fraud-reviews", Outcome.SIGN_IN, Outcome.FORBIDDEN,
				Outcome.ALLOWED);
		row("POST /ops/fraud-reviews/{orderId}/approve", HttpMethod.POST, "/ops/fraud-reviews/" + ORDER + "/approve",
				Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("POST /ops/fraud-reviews/{orderId}/reject", HttpMethod.POST, "/ops/fraud-reviews/" + ORDER + "/reject",
				Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/workflows", HttpMethod.GET, "/ops/workflows", Outcome.SIGN_IN, Outcome.FORBIDDEN,
				Outcome.ALLOWED);
		row("GET /ops/workflows/{orderId}", HttpMethod.GET, "/ops/workflows/" + ORDER, Outcome.SIGN_IN,
				Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("GET /ops/demo", HttpMethod.GET, "/ops/demo", Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("POST /ops/demo/gateway", HttpMethod.POST,
				"/ops/demo/gateway?outage=true&latencyMillis=0&transientFailureRate=0", Outcome.SIGN_IN,
				Outcome.FORBIDDEN, Outcome.ALLOWED);
		row("POST /ops/demo/consumers/{service}/{listener}/pause", HttpMethod.POST,
				"/ops/demo/consumers/PAYMENT/orders/pause?reason=demo", Outcome.SIGN_IN, Outcome.FORBIDDEN,
				Outcome.ALLOWED);
		row("POST /ops/demo/consumers/{service}/{listener}/resume", HttpMethod.POST,
				"/ops/demo/consumers/PAYMENT/orders/resume", Outcome.SIGN_IN, Outcome.FORBIDDEN, Outcome.ALLOWED);

		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(rows.keySet()).as("pages the console maps, each with a row")
			.containsExactlyInAnyOrderElementsOf(mapped());
		for (List<Row> endpointRows : rows.values()) {
			for (Row row : endpointRows) {
				// The same answers to htmx, which navigates the window to sign in instead of following a 302.
				for (boolean htmx : new boolean[] { false, true }) {
					String from = htmx ? ", from htmx" : "";
					softly.assertThat(outcome(row.method(), row.uri(), null, true, htmx))
						.as("%s as anonymous%s", row.endpoint(), from)
						.isEqualTo(row.anonymous());
					softly.assertThat(outcome(row.method(), row.uri(), customer(), true, htmx))
						.as("%s as a customer%s", row.endpoint(), from)
						.isEqualTo(row.customer());
					softly.assertThat(outcome(row.method(), row.uri(), admin(), true, htmx))
						.as("%s as an admin%s", row.endpoint(), from)
						.isEqualTo(row.admin());
				}
			}
		}
		softly.assertAll();
	}

	@Test
	void anAdminNoLongerAdminByTheirCurrentTokenCannotOpenThePagesServedWithTheConsolesOwnAwsCredentials()
			throws Exception {
		signedInWithRoles("ops", "CUSTOMER");

		assertThat(outcome(HttpMethod.GET, "/ops/workflows", admin(), true)).isEqualTo(Outcome.FORBIDDEN);
		assertThat(outcome(HttpMethod.GET, "/ops/workflows/" + ORDER, admin(), true)).isEqualTo(Outcome.FORBIDDEN);
		assertThat(outcome(HttpMethod.GET, "/ops/topology", admin(), true)).isEqualTo(Outcome.FORBIDDEN);
		assertThat(outcome(HttpMethod.GET, "/ops/topology/queues", admin(), true)).isEqualTo(Outcome.FORBIDDEN);
		assertThat(outcome(HttpMethod.GET, "/ops/topology/queues", admin(), true, true)).isEqualTo(Outcome.FORBIDDEN);
		// A page served through a service: the service checks the caller's token on every call.
		assertThat(outcome(HttpMethod.GET, "/ops/dlq", admin(), true)).isEqualTo(Outcome.ALLOWED);
	}

	@Test
	void anAdminWhoseTokenCannotBeRefreshedForTheIssuerIsDownIsRefusedThosePagesNotSentToSignIn() throws Exception {
		willThrow(new IssuerUnavailableException(null)).given(accessTokens).of(any());

		for (boolean htmx : new boolean[] { false, true }) {
			for (String page : List.of("/ops/workflows", "/ops/workflows/" + ORDER, "/ops/topology",
					"/ops/topology/queues")) {
				MockHttpSession session = new MockHttpSession();
				MockHttpServletRequestBuilder request = get(page).with(admin()).session(session);
				if (htmx) {
					request.header("HX-Request", "true");
				}

				MvcResult result = mvc.perform(request).andReturn();

				assertThat(result.getResponse().getStatus()).as("%s, htmx %s", page, htmx).isEqualTo(403);
				assertThat(result.getResponse().getHeader("HX-Redirect")).as("%s, htmx %s", page, htmx).isNull();
				assertThat(pageToComeBackTo(session)).as("%s, htmx %s", page, htmx).isNull();
			}
		}
		assertThat(authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient("securecart", "ops")).isNotNull();
	}

	@Test
	void anAdminWhoseTokenCannotBeHadSignsInAgainAndComesBackToThePage() throws Exception {
		authorizedClients.removeAuthorizedClient("securecart", "ops");

		for (String page : List.of("/ops/workflows", "/ops/workflows/" + ORDER, "/ops/topology")) {
			MockHttpSession session = new MockHttpSession();
			MvcResult opened = mvc.perform(get(page).with(admin()).session(session)).andReturn();

			assertThat(opened.getResponse().getStatus()).as(page).isEqualTo(302);
			assertThat(opened.getResponse().getRedirectedUrl()).as(page).isEqualTo(SIGN_IN);
			assertThat(pageToComeBackTo(session)).as(page).isEqualTo(page);
		}
	}

	@Test
	void anHtmxPollWhoseTokenCannotBeHadSendsTheWindowToSignInAndKeepsTheOtherTabsPageToComeBackTo()
			throws Exception {
		authorizedClients.removeAuthorizedClient("securecart", "ops");
		MockHttpSession session = new MockHttpSession();
		// Another tab of the same session opened the workflows and was sent to sign in.
		mvc.perform(get("/ops/workflows").with(admin()).session(session));
		assertThat(pageToComeBackTo(session)).isEqualTo("/ops/workflows");

		MvcResult poll = mvc.perform(get("/ops/topology/queues").header("HX-Request", "true")
			.with(admin())
			.session(session)).andReturn();

		assertThat(poll.getResponse().getStatus()).isEqualTo(401);
		assertThat(poll.getResponse().getHeader("HX-Redirect")).isEqualTo(SIGNED_OUT);
		assertThat(poll.getResponse().getRedirectedUrl()).isNull();
		assertThat(pageToComeBackTo(session)).isEqualTo("/ops/workflows");
		// Another tab's sign-in under way at the issuer's form: the window the poll sends starts none of its own.
		session.setAttribute(AUTHORIZATION_REQUEST, "the other tab's");
		// The session is still signed in: its token is what could not be had.
		assertThat(followedInTheWindow(poll, session)).contains("Your session needs you to").contains(SIGN_IN);
		assertThat(session.getAttribute(AUTHORIZATION_REQUEST)).isEqualTo("the other tab's");
		assertThat(pageToComeBackTo(session)).isEqualTo("/ops/workflows");
	}

	@Test
	void aSessionStillSignedInSentToTheStartPageIsToldItNeedsASignInNotThatItEnded() throws Exception {
		// Spring Security clears the security context of the request that needed a sign-in, not the session's.
		String page = mvc.perform(get(SIGNED_OUT).with(admin())).andReturn().getResponse().getContentAsString();

		assertThat(page).contains("Signed in as <strong>ops</strong>")
			.contains("Your session needs you to")
			.contains(SIGN_IN)
			.doesNotContain("Your session has ended");
	}

	@Test
	void anHtmxRequestOfASignedOutSessionSendsTheWindowToSignInAndIsNoPageToComeBackTo() throws Exception {
		for (String uri : List.of("/orders", "/ops/topology/queues")) {
			MockHttpSession session = new MockHttpSession();

			MvcResult result = mvc.perform(get(uri).header("HX-Request", "true").session(session)).andReturn();

			assertThat(result.getResponse().getStatus()).as(uri).isEqualTo(401);
			assertThat(result.getResponse().getHeader("HX-Redirect")).as(uri).isEqualTo(SIGNED_OUT);
			assertThat(result.getResponse().getRedirectedUrl()).as(uri).isNull();
			assertThat(pageToComeBackTo(session)).as(uri).isNull();
			assertThat(followedInTheWindow(result, session)).as(uri).contains("Your session has ended");
			assertThat(session.getAttribute(AUTHORIZATION_REQUEST)).as("%s: a sign-in started", uri).isNull();
		}
	}

	@Test
	void aPageWhoseServiceCallNeedsASignInIsSentToItAndComesBackHtmxIsSentToTheStartPage() throws Exception {
		SignInRequiredException stale = new SignInRequiredException("stale", null);
		given(api.get(any(), any(), any(Class.class), any(), any(Object[].class))).willThrow(stale);
		given(api.get(any(), any(), any(org.springframework.core.ParameterizedTypeReference.class), any(),
				any(Object[].class)))
			.willThrow(stale);
		given(api.getEntity(any(), any(), any(), any(), any(Object[].class))).willThrow(stale);
		MockHttpSession session = new MockHttpSession();

		MvcResult page = mvc.perform(get("/orders").with(customer()).session(session)).andReturn();

		assertThat(page.getResponse().getStatus()).isEqualTo(302);
		assertThat(page.getResponse().getRedirectedUrl()).isEqualTo(SIGN_IN);
		assertThat(pageToComeBackTo(session)).isEqualTo("/orders");

		MockHttpSession htmxSession = new MockHttpSession();
		MvcResult htmx = mvc.perform(get("/orders").header("HX-Request", "true").with(customer()).session(htmxSession))
			.andReturn();

		assertThat(htmx.getResponse().getStatus()).isEqualTo(401);
		assertThat(htmx.getResponse().getHeader("HX-Redirect")).isEqualTo(SIGNED_OUT);
		assertThat(pageToComeBackTo(htmxSession)).isNull();
	}

	@Test
	void anOrdersLiveStreamOrAScriptsRequestOfASignedOutSessionGets401AndStartsNoSignIn() throws Exception {
		Map<String, MockHttpServletRequestBuilder> callers = new LinkedHashMap<>();
		callers.put("the live stream (EventSource)", get("/orders/" + ORDER + "/live")
			.accept(MediaType.TEXT_EVENT_STREAM));
		callers.put("the live stream, reconnecting", get("/orders/" + ORDER + "/live")
			.header("Accept", "text/event-stream")
			.header("Last-Event-ID", "3"));
		callers.put("JSON", get("/orders").accept(MediaType.APPLICATION_JSON));
		callers.put("JSON or anything", get("/orders").header("Accept", "application/json, */*;q=0.5"));
		callers.put("XHR", get("/ops/topology/queues").header("X-Requested-With", "XMLHttpRequest"));
		for (Map.Entry<String, MockHttpServletRequestBuilder> caller : callers.entrySet()) {
			MockHttpSession session = new MockHttpSession();

			MvcResult result = mvc.perform(caller.getValue().session(session)).andReturn();

			assertThat(result.getResponse().getStatus()).as(caller.getKey()).isEqualTo(401);
			assertThat(result.getResponse().getRedirectedUrl()).as(caller.getKey()).isNull();
			assertThat(result.getResponse().getHeader("HX-Redirect")).as(caller.getKey()).isNull();
			assertThat(pageToComeBackTo(session)).as(caller.getKey()).isNull();
			assertThat(session.getAttribute(AUTHORIZATION_REQUEST)).as(caller.getKey()).isNull();
		}
	}

	@Test
	void aBrowsersPageThatAcceptsAnythingIsStillSentToSignInAndComesBack() throws Exception {
		MockHttpSession session = new MockHttpSession();

		MvcResult page = mvc.perform(get("/orders")
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			.session(session)).andReturn();

		assertThat(page.getResponse().getStatus()).isEqualTo(302);
		assertThat(page.getResponse().getRedirectedUrl()).isEqualTo(SIGN_IN);
		assertThat(pageToComeBackTo(session)).isEqualTo("/orders");
	}

	@Test
	void aSignInComesBackToAPageNotToAnOrdersLiveStreamOrAForm() throws Exception {
		MockHttpSession page = new MockHttpSession();
		MockHttpSession stream = new MockHttpSession();
		MockHttpSession form = new MockHttpSession();

		mvc.perform(get("/orders").accept(MediaType.TEXT_HTML).session(page));
		mvc.perform(get("/orders/" + ORDER + "/live").accept(MediaType.TEXT_EVENT_STREAM).session(stream));
		mvc.perform(request(HttpMethod.POST, "/orders?sku=SC-MUG-002&quantity=1").with(csrf()).session(form));

		assertThat(pageToComeBackTo(page)).isEqualTo("/orders");
		assertThat(pageToComeBackTo(stream)).isNull();
		assertThat(pageToComeBackTo(form)).isNull();
	}

	@Test
	void actuatorHealthAndInfoAreOpenAndNothingElseIs() throws Exception {
		assertThat(outcome(HttpMethod.GET, "/actuator/health", null, false)).isEqualTo(Outcome.ALLOWED);
		assertThat(outcome(HttpMethod.GET, "/actuator/info", null, false)).isEqualTo(Outcome.ALLOWED);
		assertThat(mvc.perform(request(HttpMethod.GET, "/actuator/env").with(admin())).andReturn().getResponse()
			.getStatus()).isIn(403, 404);
		assertThat(mvc.perform(request(HttpMethod.GET, "/not-a-page").with(admin())).andReturn().getResponse()
			.getStatus()).isEqualTo(403);
	}

	@Test
	void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
		assertThat(outcome(HttpMethod.POST, "/ops/fraud-reviews/" + ORDER + "/approve", admin(), false))
			.isEqualTo(Outcome.FORBIDDEN);
		assertThat(outcome(HttpMethod.POST,
				"/orders?sku=SC-MUG-002&quantity=1&paymentToken=tok_visa&idempotencyKey=" + ORDER, customer(), false))
			.isEqualTo(Outcome.FORBIDDEN);
	}

	@Test
	void aSignInThatFailsComesBackToTheStartPageNotIntoAnotherSignIn() throws Exception {
		// The issuer's answer with no sign-in of this session waiting for it: the client refuses it.
		MvcResult failed = mvc.perform(request(HttpMethod.GET, "/login/oauth2/code/securecart?code=forged&state=forged"))
			.andReturn();

		assertThat(failed.getResponse().getRedirectedUrl()).isEqualTo("/?sign-in-failed");
		assertThat(mvc.perform(request(HttpMethod.GET, "/?sign-in-failed")).andReturn().getResponse()
			.getContentAsString()).contains("Signing in did not work");
	}

	@Test
	void signingOutForgetsTheUsersTokensAndRevokesTheirRefreshToken() throws Exception {
		ClientRegistration registration = registrations.findByRegistrationId("securecart");
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "alice-token",
				Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:15:00Z"));
		OAuth2AuthorizedClient signedIn = new OAuth2AuthorizedClient(registration, "alice", token,
				new OAuth2RefreshToken("alice-refresh-token", Instant.parse("2026-01-01T00:00:00Z")));
		authorizedClients.saveAuthorizedClient(signedIn, new TestingAuthenticationToken("alice", null));

		MvcResult signedOut = mvc.perform(request(HttpMethod.POST, "/logout").with(customer()).with(csrf())).andReturn();

		assertThat(signedOut.getResponse().getStatus()).isEqualTo(302);
		assertThat((Object) authorizedClients.loadAuthorizedClient("securecart", "alice")).isNull();
		verify(revocation).revoke(argThat(client -> client.getRefreshToken() != null
				&& "alice-refresh-token".equals(client.getRefreshToken().getTokenValue())));
	}

	private Outcome outcome(HttpMethod method, String uri, RequestPostProcessor user, boolean withCsrf)
			throws Exception {
		return outcome(method, uri, user, withCsrf, false);
	}

	private Outcome outcome(HttpMethod method, String uri, RequestPostProcessor user, boolean withCsrf, boolean htmx)
			throws Exception {
		MockHttpServletRequestBuilder request = request(method, uri);
		if (user != null) {
			request.with(user);
		}
		if (withCsrf) {
			request.with(csrf());
		}
		if (htmx) {
			request.header("HX-Request", "true");
		}
		MvcResult result = mvc.perform(request).andReturn();
		int status = result.getResponse().getStatus();
		String location = htmx ? result.getResponse().getHeader("HX-Redirect")
				: result.getResponse().getRedirectedUrl();
		if (status == (htmx ? 401 : 302) && (htmx ? SIGNED_OUT.equals(location)
				: location != null && location.contains("/oauth2/authorization/"))) {
			return Outcome.SIGN_IN;
		}
		String redirect = result.getResponse().getRedirectedUrl();
		if (htmx && status == 302 && redirect != null && redirect.contains("/oauth2/authorization/")) {
			return Outcome.SIGN_IN_INTO_A_FRAGMENT;
		}
		if (status == 401 || status == 403) {
			return Outcome.FORBIDDEN;
		}
		return Outcome.ALLOWED;
	}

	/** What the browser shows after htmx navigates the window to its {@code HX-Redirect}. */
	private String followedInTheWindow(MvcResult htmx, MockHttpSession session) throws Exception {
		MvcResult page = mvc.perform(get(URI.create(htmx.getResponse().getHeader("HX-Redirect"))).session(session))
			.andReturn();
		assertThat(page.getResponse().getStatus()).as("the page htmx navigates to").isEqualTo(200);
		return page.getResponse().getContentAsString();
	}

	/** The page the session's sign-in comes back to, if any. */
	private static String pageToComeBackTo(MockHttpSession session) {
		SavedRequest saved = (SavedRequest) session.getAttribute("SPRING_SECURITY_SAVED_REQUEST");
		return saved == null ? null : URI.create(saved.getRedirectUrl()).getPath();
	}

	private static RequestPostProcessor customer() {
		return oidcLogin().idToken(token -> token.subject("alice"))
			.authorities(new SimpleGrantedAuthority("ROLE_CUSTOMER"));
	}

	private static RequestPostProcessor admin() {
		return oidcLogin().idToken(token -> token.subject("ops")).authorities(new SimpleGrantedAuthority("ROLE_ADMIN"));
	}

	/** The user holds an access token from the issuer, unexpired, with these roles. */
	private void signedInWithRoles(String user, String... roles) {
		String token = new PlainJWT(new JWTClaimsSet.Builder().subject(user).claim("roles", List.of(roles)).build())
			.serialize();
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token,
				Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2999-01-01T00:00:00Z"));
		authorizedClients.saveAuthorizedClient(
				new OAuth2AuthorizedClient(registrations.findByRegistrationId("securecart"), user, accessToken),
				new TestingAuthenticationToken(user, null));
	}

	private void row(String endpoint, HttpMethod method, String uri, Outcome anonymous, Outcome customer,
			Outcome admin) {
		rows.computeIfAbsent(endpoint, key -> new ArrayList<>())
			.add(new Row(endpoint, method, uri, anonymous, customer, admin));
	}

	private Set<String> mapped() {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				for (var method : info.getMethodsCondition().getMethods()) {
					String endpoint = method + " " + pattern;
					if (!NOT_PAGES.contains(endpoint)) {
						endpoints.add(endpoint);
					}
				}
				if (info.getMethodsCondition().getMethods().isEmpty() && !pattern.equals("/error")) {
					endpoints.add("ANY " + pattern);
				}
			}
		}
		return endpoints;
	}

	private record Row(String endpoint, HttpMethod method, String uri, Outcome anonymous, Outcome customer,
			Outcome admin) {
	}
}
