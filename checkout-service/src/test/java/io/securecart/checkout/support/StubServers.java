package io.securecart.checkout.support;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.securecart.testsupport.TestTokens;

import org.springframework.security.oauth2.jwt.JwtException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * What checkout's stubs of other services stand on: a WireMock server on a free loopback port that, like the real
 * services, answers nobody without a valid token from the issuer, and can hold requests at a gate a test opens.
 */
final class StubServers {

	private StubServers() {
	}

	static WireMockServer start(Gate gate) {
		WireMockServer server = new WireMockServer(options().dynamicPort()
			.bindAddress("127.0.0.1")
			// HTTP/1.1 only, as the services speak it: the JDK client would otherwise try an h2c upgrade.
			.http2PlainDisabled(true)
			.templatingEnabled(true)
			.globalTemplating(false)
			.extensions(new RequireIssuedToken(), gate));
		server.start();
		return server;
	}

	static ResponseDefinitionBuilder problem(int status, String detail) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"status\":%d,\"detail\":\"%s\"}".formatted(status, detail));
	}

	/** The subjects of the valid bearer tokens of these requests, oldest first. */
	static List<String> callers(List<ServeEvent> newestFirst) {
		return newestFirst.reversed()
			.stream()
			.map(event -> event.getRequest().getHeader("Authorization"))
			.map(StubServers::subject)
			.filter(subject -> subject != null)
			.toList();
	}

	private static String subject(String authorization) {
		try {
			return TestTokens.shared().verify(authorization).getSubject();
		}
		catch (JwtException | IllegalArgumentException ex) {
			return null;
		}
	}

	/** 401 for a request without a valid token from the test issuer, before any stub answers. */
	private static final class RequireIssuedToken implements ResponseDefinitionTransformerV2 {

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			return subject(serveEvent.getRequest().getHeader("Authorization")) == null
					? problem(401, "no valid token").build() : serveEvent.getResponseDefinition();
		}

		@Override
		public String getName() {
			return "require-issued-token";
		}
	}

	/**
	 * Holds answers, as a test asks: until a number of requests have arrived ({@link #holdUntil}), or until the test
	 * opens the gate again ({@link #close}, {@link #open}); at most a few seconds either way. Open unless a test
	 * closes it.
	 */
	static final class Gate implements ServeEventListener {

		private volatile CountDownLatch latch;

		private volatile boolean arrivalsCount;

		/** Each request waits until {@code parties} requests have arrived. */
		void holdUntil(int parties) {
			arrivalsCount = true;
			latch = new CountDownLatch(parties);
		}

		/** Every request waits until {@link #open()}: a service that accepts connections but does not answer. */
		void close() {
			arrivalsCount = false;
			latch = new CountDownLatch(1);
		}

		void open() {
			CountDownLatch current = latch;
			latch = null;
			while (current != null && current.getCount() > 0) {
				current.countDown();
			}
		}

		@Override
		public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
			CountDownLatch current = latch;
			if (current == null) {
				return;
			}
			if (arrivalsCount) {
				current.countDown();
			}
			try {
				current.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String getName() {
			return "gate";
		}
	}
}
