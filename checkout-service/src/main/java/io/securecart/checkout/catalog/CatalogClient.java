package io.securecart.checkout.catalog;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Prices SKUs from inventory's catalog API. Each lookup is bounded by a timeout, retried with exponential backoff,
 * and guarded by a circuit breaker (resilience4j instances named {@value #CATALOG}, configured in
 * {@code application.yml}). When the catalog still cannot answer, the last price seen for the SKU is used; with none,
 * the lookup fails with {@link CatalogUnavailableException}. An unknown SKU is an answer, not a failure: it is neither
 * retried, nor counted by the circuit breaker, nor replaced by a remembered price.
 * <p>
 * Lookups return a {@link CompletableFuture}, which is what resilience4j's time limiter needs, and lets an order's
 * SKUs be priced in parallel.
 */
@Component
public class CatalogClient implements AutoCloseable {

	static final String CATALOG = "catalog";

	private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);

	private final RestClient http;

	private final LastSeenProducts lastSeen;

	/** Lookups block on HTTP: virtual threads make that cheap. */
	private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

	CatalogClient(RestClient.Builder http, CatalogProperties properties) {
		this.http = http.baseUrl(properties.baseUrl()).build();
		this.lastSeen = new LastSeenProducts(properties.rememberedProducts());
	}

	/**
	 * The catalog's product for {@code sku}; completes exceptionally with {@link UnknownSkuException} or
	 * {@link CatalogUnavailableException}.
	 */
	@Retry(name = CATALOG, fallbackMethod = "lastSeenProduct")
	@CircuitBreaker(name = CATALOG)
	@TimeLimiter(name = CATALOG)
	public CompletableFuture<CatalogProduct> product(String sku) {
		return CompletableFuture.supplyAsync(() -> fetch(sku), lookups);
	}

	private CatalogProduct fetch(String sku) {
		CatalogProduct product = http.get()
			.uri("/api/catalog/products/{sku}", sku)
			.retrieve()
			.onStatus(status -> status.isSameCodeAs(HttpStatus.NOT_FOUND), (request, response) -> {
				throw new UnknownSkuException(sku);
			})
			.body(CatalogProduct.class);
		if (product == null) {
			throw new RestClientException("The catalog answered without a product for SKU " + sku);
		}
		lastSeen.remember(sku, product);
		return product;
	}

	/**
	 * resilience4j's fallback, once retries are exhausted or the circuit is open. Only the catalog's failures fall
	 * back on a remembered price: an unknown SKU, or a bug of ours, stays what it is.
	 */
	private CompletableFuture<CatalogProduct> lastSeenProduct(String sku, Throwable failure) {
		if (!isCatalogFailure(failure)) {
			return CompletableFuture.failedFuture(failure);
		}
		Optional<CatalogProduct> remembered = lastSeen.lastSeen(sku);
		if (remembered.isEmpty()) {
			log.warn("Catalog unavailable ({}) and no price remembered for SKU {}", failure.toString(), sku);
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
		lookups.close();
	}
}
