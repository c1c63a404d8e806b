package io.securecart.checkout.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.securecart.platform.resilience.InterruptibleCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Prices SKUs from inventory's catalog API. Each attempt is bounded by a timeout and guarded by a circuit breaker,
 * and failed attempts are retried with exponential backoff: Retry( CircuitBreaker( TimeLimiter( lookup ))), so every
 * attempt counts for the breaker, and an open breaker fails the lookup at once instead of being retried. The
 * resilience4j instances are named {@value #CATALOG}, configured in {@code application.yml} and taken from the
 * registries, which also gives them their metrics; no aspect is involved
 * (docs/adr/0024-resilience-decorators-in-code.md). When the catalog still cannot answer, the last price seen for the
 * SKU is used if it is recent ({@code remembered-for}, counted from when inventory read it: its {@code Age} told, and
 * never replaced by an older version, {@link LastSeenProducts}); with none, the lookup fails with
 * {@link CatalogUnavailableException}. An unknown SKU is an answer, not
 * a failure: it is neither retried, nor counted by the circuit breaker, nor replaced by a remembered price.
 * <p>
 * Lookups return a {@link CompletableFuture}, which is what resilience4j's time limiter needs, and lets an order's
 * SKUs be priced in parallel. One scheduler thread times the attempts out and waits between them.
 */
@Component
public class CatalogClient implements AutoCloseable {

	static final String CATALOG = "catalog";

	private static final Duration LONGEST_AGE_TOLD = Duration.ofDays(365);

	private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);

	private final RestClient http;

	private final LastSeenProducts lastSeen;

	private final Retry retry;

	private final CircuitBreaker circuitBreaker;

	private final TimeLimiter timeLimiter;

	private final Clock clock;

	/** Lookups block on HTTP: virtual threads make that cheap. */
	private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("catalog-timer").daemon().factory());

	CatalogClient(RestClient.Builder http, CatalogProperties properties, RetryRegistry retries,
			CircuitBreakerRegistry circuitBreakers, TimeLimiterRegistry timeLimiters, Clock clock) {
		this.http = http.baseUrl(properties.baseUrl()).build();
		this.lastSeen = new LastSeenProducts(properties.rememberedProducts(), properties.rememberedFor());
		this.clock = clock;
		this.retry = retries.retry(CATALOG);
		this.circuitBreaker = circuitBreakers.circuitBreaker(CATALOG);
		this.timeLimiter = timeLimiters.timeLimiter(CATALOG);
	}

	/**
	 * The catalog's product for {@code sku}; completes exceptionally with {@link UnknownSkuException} or
	 * {@link CatalogUnavailableException}.
	 */
	public CompletableFuture<CatalogProduct> product(String sku) {
		Supplier<CompletionStage<CatalogProduct>> attempt = TimeLimiter.decorateCompletionStage(timeLimiter, timer,
				() -> InterruptibleCalls.submit(lookups, () -> fetch(sku)));
		Supplier<CompletionStage<CatalogProduct>> counted = CircuitBreaker.decorateCompletionStage(circuitBreaker,
				attempt);
		return Retry.decorateCompletionStage(retry, timer, counted)
			.get()
			.toCompletableFuture()
			.exceptionallyCompose(failure -> lastSeenProduct(sku, failure));
	}

	private CatalogProduct fetch(String sku) {
		try {
			return ask(sku);
		}
		catch (OAuth2AuthorizationException noToken) {
			// Checkout's token for the catalog could not be had (auth-server down): the catalog cannot be asked, as
			// when it does not answer. Retried, counted by the circuit, and priced from memory like any such failure.
			throw new RestClientException("No token to call the catalog: " + noToken.getError().getErrorCode(),
					noToken);
		}
	}

	private CatalogProduct ask(String sku) {
		ResponseEntity<CatalogProduct> answer = http.get()
			.uri("/api/catalog/products/{sku}", sku)
			.retrieve()
			// The catalog's answer about this SKU, not a failure of the catalog: neither retried nor counted by the
			// circuit breaker, so a client's SKUs cannot open it for everyone.
			.onStatus(status -> status.isSameCodeAs(HttpStatus.NOT_FOUND) || status.isSameCodeAs(HttpStatus.BAD_REQUEST),
					(request, response) -> {
						throw new UnknownSkuException(sku);
					})
			.toEntity(CatalogProduct.class);
		CatalogProduct product = answer.getBody();
		if (product == null) {
			throw new RestClientException("The catalog answered without a product for SKU " + sku);
		}
		lastSeen.remember(sku, product, version(answer.getHeaders()), readAt(answer.getHeaders(), clock.instant()));
		return product;
	}

	/** The product's version: inventory's strong {@code ETag} (ADR 41); null if there is none, or not a number. */
	static Long version(HttpHeaders headers) {
		String tag = headers.getETag();
		if (tag == null) {
			return null;
		}
		ETag etag = ETag.create(tag);
		if (etag.weak() || etag.isWildcard()) {
			return null;
		}
		try {
			return Long.valueOf(etag.tag());
		}
		catch (NumberFormatException notAVersion) {
			return null;
		}
	}

	/**
	 * When inventory read the answer from its database: {@code received} less its {@code Age} (RFC 9111: whole
	 * seconds, so the data may be up to a second older still). Without a valid {@code Age}, {@code received}.
	 */
	static Instant readAt(HttpHeaders headers, Instant received) {
		String age = headers.getFirst(HttpHeaders.AGE);
		if (age == null) {
			return received;
		}
		try {
			// Capped far beyond any remembered-for, so that no Age can take the arithmetic out of Instant's range.
			long seconds = Math.min(Long.parseLong(age.trim()), LONGEST_AGE_TOLD.toSeconds());
			return seconds > 0 ? received.minusSeconds(seconds) : received;
		}
		catch (NumberFormatException unreadable) {
			return received;
		}
	}

	/**
	 * The fallback, once retries are exhausted or the circuit is open. Only the catalog's failures fall back on a
	 * remembered price: an unknown SKU, or a bug of ours, stays what it is.
	 */
	private CompletableFuture<CatalogProduct> lastSeenProduct(String sku, Throwable outcome) {
		Throwable failure = outcome instanceof CompletionException wrapped && wrapped.getCause() != null
				? wrapped.getCause() : outcome;
		if (!isCatalogFailure(failure)) {
			return CompletableFuture.failedFuture(failure);
		}
		Optional<CatalogProduct> remembered = lastSeen.lastSeen(sku, clock.instant());
		if (remembered.isEmpty()) {
			log.warn("Catalog unavailable ({}) and no recent price remembered for SKU {}", failure.toString(), sku);
			return CompletableFuture.failedFuture(new CatalogUnavailableException(sku, failure));
		}
		log.warn("Catalog unavailable ({}): pricing SKU {} at the last price seen, {}", failure.toString(), sku,
				remembered.get().unitPrice());
		return CompletableFuture.completedFuture(remembered.get());
	}

	/** The catalog did not answer, answered with an error, or is not being asked while the circuit is open. */
	static boolean isCatalogFailure(Throwable failure) {
		return failure instanceof RestClientException || failure instanceof TimeoutException
				|| failure instanceof CallNotPermittedException;
	}

	@Override
	public void close() {
		timer.shutdownNow();
		lookups.close();
	}
}
