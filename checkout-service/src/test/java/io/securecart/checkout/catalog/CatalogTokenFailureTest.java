package io.securecart.checkout.catalog;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog cannot be asked without checkout's token: a catalog failure, not a bug answered with a 500. */
class CatalogTokenFailureTest {

	@Test
	void noTokenForTheCatalogIsRetriedAndEndsAsTheCatalogBeingUnavailable() {
		AtomicInteger tokenRequests = new AtomicInteger();
		// What Spring Security's OAuth2ClientHttpRequestInterceptor throws when the issuer refuses or does not answer.
		RestClient.Builder http = RestClient.builder().requestInterceptor((request, body, execution) -> {
			tokenRequests.incrementAndGet();
			throw new ClientAuthorizationException(new OAuth2Error("invalid_token_response"), "checkout");
		});
		RetryRegistry retries = RetryRegistry
			.of(RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10)).build());
		try (CatalogClient catalog = new CatalogClient(http,
				new CatalogProperties(URI.create("http://catalog.invalid"), 10, Duration.ofMinutes(10)), retries,
				CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(),
				Clock.fixed(Instant.parse("2026-12-06T02:00:00Z"), ZoneOffset.UTC))) {

			assertThatThrownBy(() -> catalog.product("SC-MUG-002").get()).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(CatalogUnavailableException.class)
				.hasRootCauseInstanceOf(ClientAuthorizationException.class)
				.cause()
				.isInstanceOf(RestClientException.class);
		}
		assertThat(tokenRequests).as("tried again, as any failure to reach the catalog").hasValue(3);
	}
}
