package io.securecart.console.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
}
