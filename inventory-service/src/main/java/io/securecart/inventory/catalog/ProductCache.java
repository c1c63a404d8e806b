package io.securecart.inventory.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Hot product lookups, kept a few seconds in Redis (ElastiCache on AWS) and shared by every instance of the service,
 * each with its {@link CatalogRead freshness}. Used directly rather than through {@code @Cacheable}, because whether
 * a cached answer may be served depends on the request: one that carries a {@code Consistency-Token} takes only an
 * answer that reflects it.
 *
 * <p>
 * Invalidation: a price or stock change by the back office evicts its SKU, for every instance, after its transaction
 * commits (see {@link CatalogAdmin}). Reservations and shipments do not: the available stock of a cached product may
 * trail them by up to the time to live, plus the replica's lag; every answer says how old it is ({@code Age}).
 *
 * <p>
 * The cache is an optimisation, never a dependency: when Redis fails (down, unreachable, slow past its timeout, an
 * entry it cannot decode), a lookup is a miss and the read goes to the database; a failed put or eviction is skipped.
 * Each failure counts in {@value #ERRORS} (tag {@code operation}); the first after a success is logged as a warning,
 * and the first success after failures says the cache is back. The time to live bounds what a skipped eviction
 * costs: another instance may serve the old entry until it expires.
 */
@Component
class ProductCache {

	static final String NAME = "catalog-products";

	/**
	 * Every key of the cache starts with this; {@code v2} is the shape of the entries ({@link #serializer()}): since
	 * ADR 41 an entry holds the product's version, its {@code ETag} (a {@code v1} entry had none).
	 */
	static final String KEY_PREFIX = "inventory:" + NAME + ":v2:";

	static final String ERRORS = "securecart.catalog.cache.errors";

	/** Looked up once at startup ({@link #connect()}); never a SKU (SKUs have no spaces). */
	private static final String WARM_UP_KEY = "connection check";

	private static final Logger log = LoggerFactory.getLogger(ProductCache.class);

	private final Cache cache;

	private final MeterRegistry meters;

	private final AtomicBoolean failing = new AtomicBoolean();

	ProductCache(CacheManager cacheManager, MeterRegistry meters) {
		this.cache = Objects.requireNonNull(cacheManager.getCache(NAME), "No cache named " + NAME);
		this.meters = meters;
		for (String operation : new String[] { "get", "put", "evict" }) {
			errors(operation); // published at 0, so that a rate or an alarm has a series from the start
		}
	}

	/** A product lookup as JSON, its version and freshness included: readable with {@code redis-cli GET}. */
	static RedisSerializer<Object> serializer() {
		JsonMapper json = JsonMapper.builder().build();
		JavaType entry = json.getTypeFactory().constructParametricType(CatalogRead.class, VersionedProduct.class);
		@SuppressWarnings("unchecked")
		RedisSerializer<Object> serializer = (RedisSerializer<Object>) (RedisSerializer<?>) new JacksonJsonRedisSerializer<>(
				json, entry);
		return serializer;
	}

	/**
	 * Connects and loads the Redis client's classes once the service is ready, before a request needs them: a
	 * lookup's timeout (250 ms) is meant for Redis, not for the first command's class loading on a busy machine. A
	 * failure here is counted and logged like any other, and startup goes on.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void connect() {
		get(WARM_UP_KEY);
	}

	/** The cached lookup of {@code sku}; empty on a miss, and when the cache cannot answer. */
	@SuppressWarnings("unchecked")
	Optional<CatalogRead<VersionedProduct>> get(String sku) {
		try {
			Optional<CatalogRead<VersionedProduct>> hit = Optional.ofNullable(cache.get(sku))
				.map(entry -> (CatalogRead<VersionedProduct>) entry.get());
			succeeded();
			return hit;
		}
		catch (RuntimeException ex) {
			failed("get", sku, ex);
			return Optional.empty();
		}
	}

	void put(String sku, CatalogRead<VersionedProduct> read) {
		try {
			cache.put(sku, read);
			succeeded();
		}
		catch (RuntimeException ex) {
			failed("put", sku, ex);
		}
	}

	/** For every instance. If Redis cannot be told, the entry expires with its time to live. */
	void evict(String sku) {
		try {
			cache.evict(sku);
			succeeded();
		}
		catch (RuntimeException ex) {
			failed("evict", sku, ex);
		}
	}

	private void failed(String operation, String sku, RuntimeException ex) {
		errors(operation).increment();
		if (failing.compareAndSet(false, true)) {
			log.warn("The catalog cache failed ({} {}): catalog reads go to the database until it answers again: {}",
					operation, sku, cause(ex));
		}
		else {
			log.debug("The catalog cache failed ({} {}): {}", operation, sku, cause(ex));
		}
	}

	/** Spring's translation ("Redis exception") and the client's own reason under it. */
	private static String cause(RuntimeException ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return cause == ex ? ex.toString() : ex + " (" + cause + ")";
	}

	private void succeeded() {
		if (failing.compareAndSet(true, false)) {
			log.info("The catalog cache answers again");
		}
	}

	private Counter errors(String operation) {
		return Counter.builder(ERRORS)
			.description("Catalog cache operations that failed; the read went to the database")
			.tag("cache", NAME)
			.tag("operation", operation)
			.register(meters);
	}
}
