package io.securecart.checkout.catalog;

import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures fall back on a remembered price. */
class CatalogFailureTest {

	@Test
	void theCatalogFailingFallsBack() {
		assertThat(CatalogClient.isCatalogFailure(new ResourceAccessException("connection refused"))).isTrue();
		assertThat(CatalogClient.isCatalogFailure(
				HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE, "down", null, null, null)))
			.isTrue();
		assertThat(CatalogClient.isCatalogFailure(new TimeoutException())).isTrue();
		assertThat(CatalogClient.isCatalogFailure(
				CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("catalog"))))
			.isTrue();
	}

	@Test
	void anAnswerOrABugDoesNot() {
		assertThat(CatalogClient.isCatalogFailure(new UnknownSkuException("SC-NOPE"))).isFalse();
		assertThat(CatalogClient.isCatalogFailure(new NullPointerException())).isFalse();
	}
}
