package io.securecart.checkout.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's newest answer for each SKU, for when the catalog cannot answer, while it is younger than
 * {@code maxAge}: a price the catalog may have changed since, after an outage longer than that, is not charged.
 * An answer is as old as the data it shows, not as the call that brought it: inventory serves a product from its cache
 * for up to 5 s and says so in {@code Age}, so the caller stamps it with when it was read there. And an answer replaces
 * the one kept only if it is at least as new: two lookups of a SKU can finish out of order, and the later to finish
 * may show the older version (inventory's {@code ETag}, the product's version, ADR 41).
 * Bounded: the least recently used SKU is forgotten first. In memory on purpose: after a restart checkout simply has
 * nothing to fall back on until the catalog answers again.
 */
final class LastSeenProducts {

	/**
	 * @param version the product's version in inventory, or null if the answer had no version (a release before
	 * ADR 41)
	 * @param at when inventory read it from its database
	 */
	private record Seen(CatalogProduct product, Long version, Instant at) {

		/** Whether this answer is at least as new as {@code kept}: by version where both have one, else by time. */
		boolean isAtLeastAsNewAs(Seen kept) {
			if (version != null && kept.version() != null && !version.equals(kept.version())) {
				return version > kept.version();
			}
			return !at.isBefore(kept.at());
		}
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

	/**
	 * Keeps the answer unless the one kept is newer: a higher version, or (the same version, or either without one)
	 * read later. A kept answer past {@code maxAge} gives way to any: it prices nothing any more, and a version that
	 * went backwards (a catalog restored from a backup) would otherwise leave the SKU without a fallback for good.
	 * @param version the product's version, as inventory's {@code ETag} gives it; null if it gave none
	 * @param readAt when inventory read it from its database: received, less its {@code Age}
	 */
	void remember(String sku, CatalogProduct product, Long version, Instant readAt) {
		Seen answer = new Seen(product, version, readAt);
		bySku.compute(sku, (key, kept) -> kept == null || expiredBy(kept, readAt) || answer.isAtLeastAsNewAs(kept)
				? answer : kept);
	}

	private boolean expiredBy(Seen kept, Instant readAt) {
		return kept.at().plus(maxAge).isBefore(readAt);
	}

	/** The last answer for the SKU, unless it is older than {@code maxAge} at {@code now}. */
	Optional<CatalogProduct> lastSeen(String sku, Instant now) {
		return Optional.ofNullable(bySku.get(sku))
			.filter(seen -> !seen.at().plus(maxAge).isBefore(now))
			.map(Seen::product);
	}
}
