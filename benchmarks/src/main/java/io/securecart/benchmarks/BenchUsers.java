package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.securecart.testsupport.AuthServerLogin;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Who the benchmark is at the authorization server: {@value #ADMIN} (ADMIN) for the operator's calls (the gateway's
 * settings, stock, order timelines, metrics) and {@value #CUSTOMERS} customers who place the orders, each order's
 * customer the next in turn, so that orders spread over that many FIFO message groups as real shoppers' do.
 * <p>
 * They exist only in a stack the benchmark starts: it hands the authorization server their list
 * ({@code SECURECART_AUTH_USERS_JSON}, see {@code ./securecart}) with a password made for this run, as its BCrypt
 * hash. A stack started by hand has only the demo users, so the benchmark asks for {@code ./securecart down} first.
 */
final class BenchUsers {

	static final String ADMIN = "bench-admin";

	static final int CUSTOMERS = 50;

	/** Tokens live an hour (the CLI client's setting); signing in again well before that keeps a long run going. */
	private static final Duration TOKEN_REUSE = Duration.ofMinutes(45);

	private final String password;

	private final AuthServerLogin login;

	private String adminToken;

	private Instant adminTokenSince = Instant.EPOCH;

	BenchUsers(URI issuer) {
		byte[] secret = new byte[18];
		new SecureRandom().nextBytes(secret);
		this.password = HexFormat.of().formatHex(secret);
		this.login = new AuthServerLogin(issuer);
	}

	static String customer(int n) {
		return "bench-customer-" + n;
	}

	/** For {@code ./securecart up}: the users the authorization server starts with. */
	Map<String, String> stackVariables() {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
		List<Map<String, Object>> users = new ArrayList<>();
		users.add(Map.of("username", ADMIN, "passwordHash", hash, "roles", List.of("ADMIN")));
		IntStream.rangeClosed(1, CUSTOMERS)
			.forEach(n -> users.add(Map.of("username", customer(n), "passwordHash", hash, "roles", List.of("CUSTOMER"))));
		Map<String, Object> json = Map.of("securecart", Map.of("auth", Map.of("users", users)));
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("SECURECART_AUTH_USERS_JSON", Json.MAPPER.writeValueAsString(json));
		return variables;
	}

	/** The admin's access token, signing in again once it is old. */
	synchronized String adminToken() {
		if (adminToken == null || Instant.now().isAfter(adminTokenSince.plus(TOKEN_REUSE))) {
			adminToken = signIn(ADMIN);
			adminTokenSince = Instant.now();
		}
		return adminToken;
	}

	/**
	 * Signs every customer in and writes their tokens, one per line, for {@code CheckoutLoad}: to a file only the
	 * benchmark's user can read, outside the results, deleted when the benchmark ends.
	 */
	Path writeCustomerTokens() {
		List<String> tokens = IntStream.rangeClosed(1, CUSTOMERS).mapToObj(n -> signIn(customer(n))).toList();
		try {
			Path file = Files.createTempFile("securecart-bench-tokens", ".txt",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			file.toFile().deleteOnExit();
			Files.write(file, tokens);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String signIn(String username) {
		try {
			return login.userToken(username, password);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("cannot sign in as " + username + " (" + ex.getMessage()
					+ "): the benchmark's users exist only in a stack it starts itself; run ./securecart down, then "
					+ "./securecart bench", ex);
		}
	}
}
