package io.securecart.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;

/**
 * Gets access tokens from SecureCart's authorization server the way a real client does, for end-to-end tests: a demo
 * user through the authorization code flow with PKCE (the {@code securecart-cli} public client, signing in on the
 * login form with its CSRF token, redirected to the loopback interface), a service through client credentials.
 * {@code ./securecart token} runs the same flow with curl.
 */
public final class AuthServerLogin {

	public static final String CLI_CLIENT = "securecart-cli";

	public static final String REDIRECT_URI = "http://127.0.0.1/callback";

	/** Demo credentials, as the README lists them. */
	public static final Map<String, String> DEMO_PASSWORDS = Map.of("alice", "alice-demo-password", "bob",
			"bob-demo-password", "ops", "ops-demo-password");

	public static final String CHECKOUT_CLIENT = "checkout-service";

	public static final String CHECKOUT_CLIENT_SECRET = "checkout-demo-secret";

	/** Prometheus' client: with the scope {@value #METRICS_SCOPE}, its tokens may read /actuator/prometheus only. */
	public static final String PROMETHEUS_CLIENT = "prometheus";

	public static final String PROMETHEUS_CLIENT_SECRET = "prometheus-demo-secret";

	public static final String METRICS_SCOPE = "metrics.read";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final URI issuer;

	public AuthServerLogin(URI issuer) {
		this.issuer = issuer;
	}

	/** A demo user's access token (the password from {@link #DEMO_PASSWORDS}). */
	public String userToken(String username) {
		return userToken(username, DEMO_PASSWORDS.get(username));
	}

	/** Signs in as {@code username} and exchanges the authorization code for an access token. */
	public String userToken(String username, String password) {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		String verifier = codeVerifier();
		String state = UUID.randomUUID().toString();
		URI authorize = issuer.resolve("/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id",
				CLI_CLIENT, "redirect_uri", REDIRECT_URI, "scope", "openid", "state", state, "code_challenge",
				challenge(verifier), "code_challenge_method", "S256")));
		try {
			HttpResponse<String> toLogin = send(http, get(authorize));
			expectRedirect(toLogin, "/login");
			HttpResponse<String> loginPage = send(http, get(issuer.resolve("/login")));
			Matcher csrf = CSRF.matcher(loginPage.body());
			if (!csrf.find()) {
				throw new IllegalStateException("No CSRF token on the login page: " + loginPage.statusCode());
			}
			HttpResponse<String> signedIn = send(http, post(issuer.resolve("/login"),
					Map.of("username", username, "password", password, "_csrf", csrf.group(1)), null));
			String afterLogin = expectRedirect(signedIn, "/oauth2/authorize");
			HttpResponse<String> toClient = send(http, get(issuer.resolve(afterLogin)));
			String callback = expectRedirect(toClient, REDIRECT_URI);
			Map<String, String> query = query(URI.create(callback));
			if (!state.equals(query.get("state")) || query.get("code") == null) {
				throw new IllegalStateException("Unexpected authorization response: " + callback);
			}
			HttpResponse<String> token = send(http, post(issuer.resolve("/oauth2/token"),
					Map.of("grant_type", "authorization_code", "code", query.get("code"), "redirect_uri", REDIRECT_URI,
							"client_id", CLI_CLIENT, "code_verifier", verifier),
					null));
			return accessToken(token);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach the authorization server at " + issuer, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A service's access token, by client credentials. */
	public String clientToken(String clientId, String secret) {
		return clientToken(clientId, secret, Map.of("grant_type", "client_credentials"));
	}

	/** An access token by client credentials, asking for {@code scope} (as Prometheus asks for metrics.read). */
	public String clientToken(String clientId, String secret, String scope) {
		return clientToken(clientId, secret, Map.of("grant_type", "client_credentials", "scope", scope));
	}

	private String clientToken(String clientId, String secret, Map<String, String> form) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String basic = Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		try {
			return accessToken(send(http, post(issuer.resolve("/oauth2/token"), form, "Basic " + basic)));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach the authorization server at " + issuer, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String accessToken(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException("The token endpoint answered " + response.statusCode());
		}
		return JsonPath.read(response.body(), "$.access_token");
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest request)
			throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).header("Accept", "text/html").timeout(Duration.ofSeconds(10)).GET().build();
	}

	private static HttpRequest post(URI uri, Map<String, String> fields, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json, text/html")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(form(fields)));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request.build();
	}

	private static String expectRedirect(HttpResponse<String> response, String to) {
		String location = response.headers().firstValue("Location").orElse("");
		if (response.statusCode() / 100 != 3 || !location.contains(to)) {
			throw new IllegalStateException(
					"Expected a redirect to %s, got %d %s".formatted(to, response.statusCode(), location));
		}
		return location;
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			parameters.put(nameAndValue[0], java.net.URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
		}
		return parameters;
	}

	/** RFC 7636: 32 random bytes, base64url without padding. */
	private static String codeVerifier() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** RFC 7636 S256: base64url(SHA-256(verifier)). */
	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}
}
