package io.securecart.checkout.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's last answer for each SKU, for when the catalog cannot answer, while it is younger than
 * {@code maxAge}: a price the catalog may have changed since, after an outage longer than that, is not charged.
 * Bounded: the least recently used SKU is forgotten first. In memory on purpose: after a restart checkout simply has
 * nothing to fall back on until the catalog answers again.
 */
final class LastSeenProducts {

	private record Seen(CatalogProduct product, Instant at) {
	}

	private final Map<String, Seen> bySku;

	private final Duration maxAge;

	LastSeenProducts(int capacity, Duration maxAge) {
		this.maxAge = maxAge;
		this.bySku = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
				return size() > capacity;
			}
		});
	}

	void remember(String sku, CatalogProduct product, Instant now) {
		bySku.put(sku, new Seen(product, now));
	}

	/** The last answer for the SKU, unless it is older than {@code maxAge} at {@code now}. */
	Optional<CatalogProduct> lastSeen(String sku, Instant now) {
		return Optional.ofNullable(bySku.get(sku))
			.filter(seen -> !seen.at().plus(maxAge).isBefore(now))
			.map(Seen::product);
	}
}
