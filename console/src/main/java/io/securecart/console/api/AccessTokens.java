package io.securecart.console.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientResponseException;

/**
 * The signed-in user's access token, refreshed when it has expired. Works outside a request too (the order tracker
 * polls on a scheduler thread), because the authorized clients live in the {@code OAuth2AuthorizedClientService}.
 */
@Component
public class AccessTokens {

	public static final String REGISTRATION = "securecart";

	/**
	 * A token the services refuse (401) though it has not expired was signed with a key the issuer no longer has (it
	 * restarted) or is otherwise stale: signing in again gets one they accept. One issued this recently is not stale;
	 * its refusal is a fault to show, or signing in would loop.
	 */
	static final Duration FRESH = Duration.ofMinutes(1);

	/** Longer than one refresh may take (the issuer's connect and read timeouts, 2 s and 5 s). */
	static final Duration LOCK_WAIT = Duration.ofSeconds(10);

	/**
	 * Spring Security refreshes a token this long before it expires (its default clock skew, set here for
	 * {@code IssuerTokensConfiguration} to restate): {@link #of} must know when a call would ask the issuer.
	 */
	public static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

	/**
	 * How long the issuer is left alone after it failed a refresh without saying for how long. Every open order page
	 * polls twice a second, the queue gauges every 3 s, and the issuer allows the console (one client IP for every
	 * user's refreshes and sign-ins) 60 token requests a minute: retried at that pace, the refreshes would take every
	 * slot its limit frees and people's sign-ins would fail.
	 */
	static final Duration BACK_OFF = Duration.ofSeconds(5);

	/**
	 * The longest {@code Retry-After} taken at its word: the pages show 503 meanwhile, and an issuer back sooner than
	 * it said should not stay unused for long; asking again every 30 s costs it 2 requests a minute.
	 */
	static final Duration LONGEST_BACK_OFF = Duration.ofSeconds(30);

	/** Spring Security's error code for a token endpoint answer it could not take as one (or no answer at all). */
	private static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	/**
	 * The refusals that forget the session's tokens: each says this refresh token will not be taken from this client
	 * again, however often it is sent (RFC 6749, 5.2): {@code invalid_grant}, it is expired, revoked or not this
	 * client's; {@code invalid_client}, the issuer does not know the console's credentials;
	 * {@code unauthorized_client}, it no longer lets the console refresh. Kept, every poll would send it again and be
	 * refused. Any other code says nothing about the tokens: {@code invalid_request} or {@code invalid_scope} fault
	 * the request, and a 400 that is no OAuth2 error at all (Spring Boot's error JSON says
	 * {@code "error":"Bad Request"}) is read as one whose code is its reason phrase. The session signs in again then,
	 * and its sign-in saves new tokens in place of these.
	 */
	private static final Set<String> FORGOTTEN_ON = Set.of("invalid_grant", "invalid_client", "unauthorized_client");

	/**
	 * OAuth2 error codes by which an issuer says it failed, not the request (RFC 6749, 5.2, for the authorization
	 * endpoint, sent by some at the token endpoint too). {@code server_error} is also what Spring Security makes of a
	 * 400 whose {@code WWW-Authenticate} is not a Bearer challenge (a proxy's Basic one), whatever the body says.
	 */
	private static final Set<String> ISSUER_FAILURES = Set.of("server_error", "temporarily_unavailable");

	/**
	 * A user's lock, held by {@link #of} across a refresh and by {@link #refused} from its check to its removal: else
	 * a refresh saved in between is what gets removed, and the user signs in again for nothing. It also makes a
	 * user's refreshes wait for each other, which is as well: the second then finds the token the first one got
	 * instead of refreshing it again. The wait is bounded ({@link #LOCK_WAIT}). Striped, so that nothing grows with
	 * the users (two who share a stripe wait for each other's refresh now and then); not {@code synchronized}, which
	 * pins a virtual thread to its carrier across the refresh on Java 21.
	 */
	private final Lock[] users = Stream.generate(ReentrantLock::new).limit(64).toArray(Lock[]::new);

	private final OAuth2AuthorizedClientManager clients;

	private final OAuth2AuthorizedClientService authorizedClients;

	private final Clock clock;

	private final Duration lockWait;

	/** Until when no refresh asks the issuer: it failed one just now ({@link #BACK_OFF}). */
	private final AtomicReference<Instant> issuerUnavailableUntil = new AtomicReference<>(Instant.MIN);

	@Autowired
	AccessTokens(OAuth2AuthorizedClientManager clients, OAuth2AuthorizedClientService authorizedClients, Clock clock) {
		this(clients, authorizedClients, clock, LOCK_WAIT);
	}

	AccessTokens(OAuth2AuthorizedClientManager clients, OAuth2AuthorizedClientService authorizedClients, Clock clock,
			Duration lockWait) {
		this.clients = clients;
		this.authorizedClients = authorizedClients;
		this.clock = clock;
		this.lockWait = lockWait;
	}

	public String of(Authentication user) {
		OAuth2AuthorizedClient client;
		OAuth2AuthorizedClient refreshed = null;
		Lock lock = locked(user);
		try {
			refreshed = authorizedClients.loadAuthorizedClient(REGISTRATION, user.getName());
			if (refreshDue(refreshed) && backingOff()) {
				throw new IssuerUnavailableException(null);
			}
			client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
				.principal(user)
				.build());
		}
		catch (ClientAuthorizationException ex) {
			if (unanswered(ex)) {
				backOff(ex);
				throw new IssuerUnavailableException(ex);
			}
			if (saysOneOf(FORGOTTEN_ON, ex)) {
				// The session signs in again, and nothing keeps retrying this refresh token meanwhile (the manager
				// forgets nothing itself: IssuerTokensConfiguration).
				forgetIfStillHeld(user, refreshed);
			}
			throw new SignInRequiredException("The session's token could not be refreshed", ex);
		}
		finally {
			lock.unlock();
		}
		if (client == null) {
			throw new SignInRequiredException("No token for this session", null);
		}
		return client.getAccessToken().getTokenValue();
	}

	/**
	 * A service answered 401 to {@code token}: unless it is fresh, the user's tokens are forgotten and they are asked
	 * to sign in again.
	 * @throws SignInRequiredException when the refused token was not fresh
	 */
	void refused(Authentication user, String token) {
		Lock lock = locked(user);
		try {
			OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(REGISTRATION, user.getName());
			OAuth2AccessToken held = client == null ? null : client.getAccessToken();
			if (held == null || !held.getTokenValue().equals(token)) {
				return; // refreshed or signed out meanwhile: the next call uses what the user has now
			}
			Instant issuedAt = held.getIssuedAt();
			if (issuedAt != null && issuedAt.isAfter(clock.instant().minus(FRESH))) {
				return;
			}
			authorizedClients.removeAuthorizedClient(REGISTRATION, user.getName());
		}
		finally {
			lock.unlock();
		}
		throw new SignInRequiredException("The services no longer accept this session's token", null);
	}

	/**
	 * Signing out: the user's tokens are forgotten, under the user's lock, so that a refresh under way (a tracker's
	 * poll) lands first and is forgotten with the rest, not saved again after the sign-out, leaving a signed-out user a
	 * token until it expires. A sign-out does not fail: when the lock is not free within {@link #LOCK_WAIT}, the tokens
	 * are forgotten without it.
	 * @return what was forgotten, for its refresh token to be revoked at the issuer
	 */
	public Optional<OAuth2AuthorizedClient> forget(Authentication user) {
		Lock lock = null;
		try {
			lock = locked(user);
		}
		catch (IssuerUnavailableException ex) {
			// The refreshes ahead outlast the wait; signing out goes on without the lock.
		}
		try {
			Optional<OAuth2AuthorizedClient> client = Optional
				.ofNullable(authorizedClients.loadAuthorizedClient(REGISTRATION, user.getName()));
			authorizedClients.removeAuthorizedClient(REGISTRATION, user.getName());
			return client;
		}
		finally {
			if (lock != null) {
				lock.unlock();
			}
		}
	}

	/**
	 * The user's lock, taken; waited for {@link #LOCK_WAIT} at most: a stripe's other users queue behind refreshes
	 * that each wait for the issuer up to its timeouts, and a page must not wait on a queue of them.
	 * @throws IssuerUnavailableException when the refreshes ahead take longer
	 */
	private Lock locked(Authentication user) {
		Lock lock = users[Math.floorMod(user.getName().hashCode(), users.length)];
		try {
			if (lock.tryLock(lockWait.toNanos(), TimeUnit.NANOSECONDS)) {
				return lock;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new IssuerUnavailableException(null);
	}

	/** Whether Spring Security would ask the issuer for a new token (its refresh provider's own test). */
	private boolean refreshDue(OAuth2AuthorizedClient held) {
		if (held == null || held.getRefreshToken() == null || held.getAccessToken().getExpiresAt() == null) {
			return false;
		}
		return clock.instant().isAfter(held.getAccessToken().getExpiresAt().minus(REFRESH_AHEAD));
	}

	/**
	 * No refresh asks the issuer for a while: as long as its {@code Retry-After} says (a 503 or 429 may carry one; the
	 * auth-server's rate limit does), within {@link #LONGEST_BACK_OFF}, else {@link #BACK_OFF}. For every user: they
	 * all share the one issuer, and its limit counts the console's requests together.
	 */
	private void backOff(Throwable failure) {
		Duration wait = retryAfter(failure).filter(asked -> asked.isPositive()).orElse(BACK_OFF);
		Instant until = clock.instant().plus(wait.compareTo(LONGEST_BACK_OFF) > 0 ? LONGEST_BACK_OFF : wait);
		issuerUnavailableUntil.accumulateAndGet(until, (one, other) -> one.isAfter(other) ? one : other);
	}

	/**
	 * Whether the issuer is left alone now. A window that ends further off than {@link #LONGEST_BACK_OFF} was set
	 * before the host's clock stepped back, and is over: it would otherwise last as long as the step.
	 */
	private boolean backingOff() {
		Instant now = clock.instant();
		Instant until = issuerUnavailableUntil.get();
		return now.isBefore(until) && !until.isAfter(now.plus(LONGEST_BACK_OFF));
	}

	/** {@code Retry-After} in seconds or as an HTTP date, as RFC 9110 allows; none, or one that cannot be read. */
	private Optional<Duration> retryAfter(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RestClientResponseException answer && answer.getResponseHeaders() != null) {
				String value = answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
				if (value == null || value.isBlank()) {
					return Optional.empty();
				}
				try {
					return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
				}
				catch (NumberFormatException notSeconds) {
					try {
						ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
						return Optional.of(Duration.between(clock.instant(), at.toInstant()));
					}
					catch (DateTimeParseException neither) {
						return Optional.empty();
					}
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The tokens whose refresh was refused are forgotten, not whatever the user holds now: a sign-in in another tab
	 * saves its tokens without this lock (Spring Security's login filter), and they must survive the refusal of the
	 * refresh token they replaced.
	 */
	private void forgetIfStillHeld(Authentication user, OAuth2AuthorizedClient refused) {
		OAuth2AuthorizedClient held = authorizedClients.loadAuthorizedClient(REGISTRATION, user.getName());
		if (refused != null && held != null && sameTokens(held, refused)) {
			authorizedClients.removeAuthorizedClient(REGISTRATION, user.getName());
		}
	}

	private static boolean sameTokens(OAuth2AuthorizedClient one, OAuth2AuthorizedClient other) {
		return Objects.equals(valueOf(one.getRefreshToken()), valueOf(other.getRefreshToken()))
				&& Objects.equals(valueOf(one.getAccessToken()), valueOf(other.getAccessToken()));
	}

	private static String valueOf(AbstractOAuth2Token token) {
		return token == null ? null : token.getTokenValue();
	}

	/**
	 * The issuer did not answer, or not so that the refresh token can be judged: I/O (refused, reset, timed out, a body
	 * that stalls), its own failure (5xx, or a 400 saying {@code server_error} or {@code temporarily_unavailable}) or
	 * its rate limit (429), an answer that cannot be read (a proxy's error page with 200, a 200 or 204 with no body).
	 * Spring Security reports all but the 400s as {@code invalid_token_response}, and only a 4xx among them is a
	 * refusal (401, 403, 404: sign in again); none says the refresh token is no good, and forgetting it would sign out
	 * everyone whose refresh fell into a brief outage.
	 */
	private static boolean unanswered(ClientAuthorizationException failure) {
		if (saysOneOf(ISSUER_FAILURES, failure)) {
			return true;
		}
		boolean refused = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
			if (cause instanceof RestClientResponseException answer) {
				if (answer.getStatusCode().is5xxServerError()
						|| answer.getStatusCode().isSameCodeAs(HttpStatus.TOO_MANY_REQUESTS)) {
					return true;
				}
				refused = refused || answer.getStatusCode().is4xxClientError();
			}
		}
		return !refused && INVALID_TOKEN_RESPONSE.equals(failure.getError().getErrorCode());
	}

	private static boolean saysOneOf(Set<String> codes, ClientAuthorizationException failure) {
		String code = errorCode(failure);
		return code != null && codes.contains(code);
	}

	/**
	 * The issuer's reason, if it gave one: Spring Security reads a 400's OAuth2 error itself ({@code invalid_grant}
	 * for an expired or revoked refresh token); a 401's ({@code invalid_client}) it leaves in the body. Any other
	 * answer (403, 404) has none.
	 */
	private static String errorCode(ClientAuthorizationException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RestClientResponseException answer) {
				return answer.getStatusCode().value() == 401 ? errorCodeIn(answer) : null;
			}
		}
		return failure.getError().getErrorCode();
	}

	private static String errorCodeIn(RestClientResponseException answer) {
		HttpInputMessage body = new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(answer.getResponseBodyAsByteArray());
			}

			@Override
			public HttpHeaders getHeaders() {
				HttpHeaders headers = answer.getResponseHeaders();
				return headers == null ? new HttpHeaders() : headers;
			}
		};
		try {
			return new OAuth2ErrorHttpMessageConverter().read(OAuth2Error.class, body).getErrorCode();
		}
		catch (IOException | RuntimeException ex) {
			return null; // no error code in it
		}
	}
}
