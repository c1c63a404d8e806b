package io.securecart.console.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ServiceApiTest {

	@Test
	void aServiceThatTakesTheRequestAndNeverAnswersIsUnreachableNotAHungPage() throws Exception {
		Authentication alice = new TestingAuthenticationToken("alice", null);
		AccessTokens tokens = mock(AccessTokens.class);
		when(tokens.of(alice)).thenReturn("alice-token");
		List<Socket> held = new CopyOnWriteArrayList<>();
		// Accepts every connection and reads nothing, answers nothing: a service hung in a long GC or a deadlock.
		try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> {
				try {
					while (true) {
						held.add(hung.accept());
					}
				}
				catch (IOException closed) {
					// the test is over
				}
			});
			URI url = URI.create("http://127.0.0.1:" + hung.getLocalPort());
			Map<String, URI> services = Arrays.stream(Service.values())
				.collect(Collectors.toMap(Service::id, service -> url));
			ServiceApi api = new ServiceApi(RestClient.builder(),
					new ConsoleProperties(services, url, null, "fulfillment", null), tokens, Duration.ofMillis(300));

			// Bounded only so that the old behaviour (no timeout) fails here instead of hanging the build.
			assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> assertThatExceptionOfType(ApiProblemException.class)
						.isThrownBy(() -> api.get(Service.CHECKOUT, alice, String.class, "/api/orders"))
						.satisfies(problem -> assertThat(problem.status()).isEqualTo(503)));
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
	}

	@Test
	void aDownServiceShowsItsHealthDocumentAnotherAnswerIsAProblemAndAStaleTokenAsksToSignInAgain() throws Exception {
		Authentication admin = new TestingAuthenticationToken("ops", null);
		AccessTokens tokens = mock(AccessTokens.class);
		when(tokens.of(admin)).thenReturn("ops-token");
		// Bound to a port the kernel picks as it binds: nothing can take it in between.
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		answer(server, "/checkout/actuator/health", 503, "application/vnd.spring-boot.actuator.v3+json", """
				{"status": "DOWN", "components": {"db": {"status": "DOWN", "details": {"error": "connection refused"}}}}""");
		answer(server, "/payment/actuator/health", 503, "text/html", "<html>Bad gateway</html>");
		answer(server, "/fulfillment/actuator/health", 403, "application/problem+json", """
				{"title": "Forbidden", "status": 403, "detail": "admins only"}""");
		answer(server, "/notification/actuator/health", 503, "application/problem+json", """
				{"title": "Service Unavailable", "status": 503}""");
		answer(server, "/inventory/api/products", 401, "application/problem+json", """
				{"title": "Unauthorized", "status": 401}""");
		doThrow(new SignInRequiredException("stale", null)).when(tokens).refused(admin, "ops-token");
		server.start();
		try {
			URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
			Map<String, URI> services = Arrays.stream(Service.values())
				.collect(Collectors.toMap(Service::id, service -> url.resolve("/" + service.id())));
			ServiceApi api = new ServiceApi(RestClient.builder(),
					new ConsoleProperties(services, url, null, "fulfillment", null), tokens, Duration.ofSeconds(5));

			assertThat(api.health(Service.CHECKOUT, admin).at("/components/db/details/error").asString())
				.isEqualTo("connection refused");
			assertThatExceptionOfType(ApiProblemException.class)
				.isThrownBy(() -> api.health(Service.PAYMENT, admin))
				.satisfies(problem -> assertThat(problem.status()).isEqualTo(503));
			assertThatExceptionOfType(ApiProblemException.class)
				.isThrownBy(() -> api.health(Service.FULFILLMENT, admin))
				.satisfies(problem -> assertThat(problem.title()).isEqualTo("Forbidden"));
			assertThatExceptionOfType(ApiProblemException.class)
				.isThrownBy(() -> api.health(Service.NOTIFICATION, admin))
				.satisfies(problem -> assertThat(problem.title()).isEqualTo("Service Unavailable"));
			assertThatExceptionOfType(SignInRequiredException.class)
				.isThrownBy(() -> api.get(Service.INVENTORY, admin, String.class, "/api/products"));
		}
		finally {
			server.stop(0);
		}
	}

	private static void answer(HttpServer server, String path, int status, String contentType, String body) {
		server.createContext(path, exchange -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(status, bytes.length);
			try (var out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
	}
}
