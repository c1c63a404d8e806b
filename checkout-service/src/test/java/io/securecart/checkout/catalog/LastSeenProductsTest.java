package io.securecart.checkout.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LastSeenProductsTest {

	private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

	private final LastSeenProducts products = new LastSeenProducts(2, Duration.ofMinutes(10));

	@Test
	void remembersTheLastAnswerPerSku() {
		products.remember("A", product("A", "1.00"), 1L, NOW);
		products.remember("A", product("A", "1.50"), 2L, NOW);

		assertThat(products.lastSeen("A", NOW)).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("1.50"));
		assertThat(products.lastSeen("B", NOW)).isEmpty();
	}

	@Test
	void forgetsTheLeastRecentlyUsedSkuBeyondItsCapacity() {
		products.remember("A", product("A", "1.00"), 1L, NOW);
		products.remember("B", product("B", "2.00"), 1L, NOW);
		products.lastSeen("A", NOW);
		products.remember("C", product("C", "3.00"), 1L, NOW);

		assertThat(products.lastSeen("A", NOW)).isPresent();
		assertThat(products.lastSeen("B", NOW)).isEmpty();
		assertThat(products.lastSeen("C", NOW)).isPresent();
	}

	@Test
	void anAnswerOlderThanItsMaxAgePricesNothing() {
		products.remember("A", product("A", "0.01"), 1L, NOW);

		assertThat(products.lastSeen("A", NOW.plus(Duration.ofMinutes(10)))).as("at its max age").isPresent();
		assertThat(products.lastSeen("A", NOW.plus(Duration.ofMinutes(10)).plusSeconds(1))).isEmpty();
	}

	/** Two lookups of a SKU finished out of order: the one that showed version 1 last. */
	@Test
	void anOlderVersionFinishingLaterDoesNotReplaceANewerOne() {
		products.remember("A", product("A", "2.00"), 2L, NOW.minusSeconds(1));
		products.remember("A", product("A", "1.00"), 1L, NOW);

		assertThat(products.lastSeen("A", NOW)).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("2.00"));
		assertThat(products.lastSeen("A", NOW.minusSeconds(1).plus(Duration.ofMinutes(10)).plusSeconds(1)))
			.as("kept with its own time, not the older answer's").isEmpty();
	}

	@Test
	void theSameVersionReadLaterRenewsItsTimeButReadEarlierDoesNot() {
		products.remember("A", product("A", "2.00"), 2L, NOW);
		products.remember("A", product("A", "2.00"), 2L, NOW.minusSeconds(4));

		assertThat(products.lastSeen("A", NOW.plus(Duration.ofMinutes(10)))).as("still its later read").isPresent();

		products.remember("A", product("A", "2.00"), 2L, NOW.plusSeconds(30));

		assertThat(products.lastSeen("A", NOW.plusSeconds(30).plus(Duration.ofMinutes(10)))).isPresent();
	}

	/** A catalog restored from a backup counts versions again from lower: the SKU keeps a fallback. */
	@Test
	void aLowerVersionReplacesAnAnswerPastItsMaxAge() {
		products.remember("A", product("A", "2.00"), 9L, NOW);
		Instant afterMaxAge = NOW.plus(Duration.ofMinutes(10)).plusSeconds(1);
		products.remember("A", product("A", "1.00"), 3L, afterMaxAge);

		assertThat(products.lastSeen("A", afterMaxAge)).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("1.00"));
	}

	@Test
	void withoutAVersionTheLaterReadIsKept() {
		products.remember("A", product("A", "2.00"), null, NOW);
		products.remember("A", product("A", "1.00"), 7L, NOW.minusSeconds(3));

		assertThat(products.lastSeen("A", NOW)).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("2.00"));

		products.remember("A", product("A", "3.00"), 1L, NOW.plusSeconds(1));

		assertThat(products.lastSeen("A", NOW)).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("3.00"));
	}

	private static CatalogProduct product(String sku, String price) {
		return new CatalogProduct(sku, "Product " + sku, new BigDecimal(price), "USD");
	}
}
