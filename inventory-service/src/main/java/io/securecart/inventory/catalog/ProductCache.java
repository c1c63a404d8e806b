package io.securecart.inventory.catalog;

import java.util.Objects;
import java.util.Optional;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

/**
 * Hot product lookups, kept a few seconds ({@code spring.cache.caffeine.spec}: Caffeine, bounded, expire after
 * write), each with its {@link CatalogRead freshness}. Used directly rather than through {@code @Cacheable}, because
 * whether a cached answer may be served depends on the request: one that carries a {@code Consistency-Token} takes
 * only an answer that reflects it.
 *
 * <p>
 * Invalidation: a price or stock change by the back office evicts its SKU after its transaction commits (see
 * {@link CatalogAdmin}). Reservations and shipments do not: the available stock of a cached product may trail them
 * by up to the time to live, plus the replica's lag; every answer says how old it is ({@code Age}).
 */
@Component
class ProductCache {

	static final String NAME = "catalog-products";

	private final Cache cache;

	ProductCache(CacheManager cacheManager) {
		this.cache = Objects.requireNonNull(cacheManager.getCache(NAME), "No cache named " + NAME);
	}

	@SuppressWarnings("unchecked")
	Optional<CatalogRead<ProductView>> get(String sku) {
		return Optional.ofNullable(cache.get(sku)).map(entry -> (CatalogRead<ProductView>) entry.get());
	}

	void put(String sku, CatalogRead<ProductView> read) {
		cache.put(sku, read);
	}

	void evict(String sku) {
		cache.evict(sku);
	}
}
