package io.securecart.checkout.catalog;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the catalog's answers leave to price from once it is down: the newest version it answered, as old as
 * inventory's {@code Age} says it was when it arrived, not as the call.
 */
class CatalogRememberedPriceTest {

	private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

	private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

	private final MovableClock clock = new MovableClock(NOW);

	/** The catalog's next answers; once none is left, the catalog does not answer. */
	private final Queue<MockClientHttpResponse> answers = new ConcurrentLinkedQueue<>();

	private final CatalogClient catalog = new CatalogClient(
			RestClient.builder().requestInterceptor((request, body, execution) -> {
				MockClientHttpResponse answer = answers.poll();
				if (answer == null) {
					throw new IOException("Connection refused");
				}
				return answer;
			}), new CatalogProperties(URI.create("http://catalog.invalid"), 10, REMEMBERED_FOR),
			RetryRegistry.of(RetryConfig.custom().maxAttempts(1).build()), CircuitBreakerRegistry.ofDefaults(),
			TimeLimiterRegistry.ofDefaults(), clock);

	@AfterEach
	void close() {
		catalog.close();
	}

	@Test
	void aCachedAnswerIsRememberedFromWhenInventoryReadItNotFromWhenItArrived() {
		answers.add(product("12.50", "\"3\"", "4"));
		assertThat(catalog.product("SC-MUG-002").join().price()).isEqualByComparingTo("12.50");

		clock.advance(REMEMBERED_FOR.minusSeconds(4));
		assertThat(catalog.product("SC-MUG-002").join().price()).as("read 4 s before it arrived, 10 min ago")
			.isEqualByComparingTo("12.50");

		clock.advance(Duration.ofSeconds(1));
		assertThat(catalog.product("SC-MUG-002")).as("older than remembered-for: not charged")
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(CatalogUnavailableException.class);
	}

	/**
	 * Two lookups of the SKU finished out of order: the one that read version 1 arrived last, and read last too (the
	 * other came from inventory's cache), so only the versions tell them apart.
	 */
	@Test
	void anOlderVersionArrivingLastDoesNotReplaceTheNewerPrice() {
		answers.add(product("15.00", "\"2\"", "3"));
		answers.add(product("12.50", "\"1\"", "0"));
		catalog.product("SC-MUG-002").join();
		catalog.product("SC-MUG-002").join();

		assertThat(catalog.product("SC-MUG-002").join().price()).as("the catalog is down: priced from memory")
			.isEqualByComparingTo("15.00");
	}

	@Test
	void anAgeOrATagThatSaysNothingChangesNothing() {
		HttpHeaders headers = new HttpHeaders();
		assertThat(CatalogClient.readAt(headers, NOW)).isEqualTo(NOW);
		assertThat(CatalogClient.version(headers)).isNull();
		headers.set(HttpHeaders.AGE, "soon");
		headers.setETag("W/\"5\"");
		assertThat(CatalogClient.readAt(headers, NOW)).isEqualTo(NOW);
		assertThat(CatalogClient.version(headers)).as("a weak tag is no version").isNull();
		headers.set(HttpHeaders.AGE, "-3");
		headers.setETag("\"17\"");
		assertThat(CatalogClient.readAt(headers, NOW)).isEqualTo(NOW);
		assertThat(CatalogClient.version(headers)).isEqualTo(17L);
		headers.set(HttpHeaders.AGE, String.valueOf(Long.MAX_VALUE));
		assertThat(CatalogClient.readAt(headers, NOW)).isEqualTo(NOW.minus(Duration.ofDays(365)));
	}

	private static MockClientHttpResponse product(String price, String etag, String age) {
		MockClientHttpResponse answer = new MockClientHttpResponse(
				"""
						{"sku": "SC-MUG-002", "name": "SecureCart mug", "price": %s, "currency": "USD"}
						""".formatted(price).getBytes(StandardCharsets.UTF_8), HttpStatus.OK);
		answer.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		answer.getHeaders().setETag(etag);
		answer.getHeaders().set(HttpHeaders.AGE, age);
		return answer;
	}
}
