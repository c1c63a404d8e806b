package io.securecart.checkout.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's last answer for each SKU, for when the catalog cannot answer. Bounded: the least recently used SKU
 * is forgotten first. In memory on purpose: after a restart checkout simply has nothing to fall back on until the
 * catalog answers again.
 */
final class LastSeenProducts {

	private final Map<String, CatalogProduct> bySku;

	LastSeenProducts(int capacity) {
		this.bySku = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, CatalogProduct> eldest) {
				return size() > capacity;
			}
		});
	}

	void remember(String sku, CatalogProduct product) {
		bySku.put(sku, product);
	}

	Optional<CatalogProduct> lastSeen(String sku) {
		return Optional.ofNullable(bySku.get(sku));
	}
}
