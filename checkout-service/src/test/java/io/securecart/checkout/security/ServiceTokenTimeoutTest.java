package io.securecart.checkout.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkout's own token, asked of an issuer that accepts the connection and never answers (hung, or a black hole in
 * front of it), with checkout's {@code application.yml}: the request fails after the read timeout, so the catalog
 * lookup or the customer's coupled payment that needed it fails (and is retried, or answered 503) instead of waiting
 * for as long as the socket lives ({@code CoupledPaymentTest} proves the coupled payment's 503).
 */
class ServiceTokenTimeoutTest {

	private static final String TOKEN_URI = "spring.security.oauth2.client.provider.securecart.token-uri";

	private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, OAuth2ClientAutoConfiguration.class))
		.withUserConfiguration(ServiceIdentityConfiguration.class);

	@Test
	void anIssuerThatNeverAnswersFailsTheTokenRequestInsteadOfHoldingItsCaller() throws IOException {
		try (SilentIssuer issuer = new SilentIssuer()) {
			contexts.withPropertyValues(TOKEN_URI + "=" + issuer.tokenUri()).run(context -> {
				OAuth2AuthorizedClientManager tokens = context.getBean(OAuth2AuthorizedClientManager.class);

				CompletableFuture<OAuth2AuthorizedClient> token = CompletableFuture
					.supplyAsync(() -> tokens.authorize(OAuth2AuthorizeRequest
						.withClientRegistrationId(ServiceIdentityConfiguration.CLIENT_REGISTRATION)
						.principal("checkout-service")
						.build()));

				// Far above the 3-s read timeout. (failsWithin also passes on its own TimeoutException: the
				// request must have ended, failed by the read timeout.)
				assertThat(token).failsWithin(Duration.ofSeconds(30))
					.withThrowableOfType(ExecutionException.class)
					.havingRootCause()
					.isInstanceOf(HttpTimeoutException.class);
				assertThat(issuer.connections()).as("the issuer was asked").isNotEmpty();
			});
		}
	}

	/** Accepts connections on the loopback interface and never writes a byte. */
	private static final class SilentIssuer implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final List<Socket> connections = new CopyOnWriteArrayList<>();

		SilentIssuer() throws IOException {
			Thread.ofVirtual().start(() -> {
				while (!server.isClosed()) {
					try {
						connections.add(server.accept());
					}
					catch (IOException closed) {
						return;
					}
				}
			});
		}

		String tokenUri() {
			return "http://127.0.0.1:" + server.getLocalPort() + "/oauth2/token";
		}

		List<Socket> connections() {
			return connections;
		}

		@Override
		public void close() throws IOException {
			server.close();
			for (Socket connection : connections) {
				connection.close();
			}
		}
	}
}
