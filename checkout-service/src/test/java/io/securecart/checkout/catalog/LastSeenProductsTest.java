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
		products.remember("A", product("A", "1.00"), NOW);
		products.remember("A", product("A", "1.50"), NOW);

		assertThat(products.lastSeen("A", NOW)).hasValueSatisfying(
				product -> assertThat(product.price()).isEqualByComparingTo("1.50"));
		assertThat(products.lastSeen("B", NOW)).isEmpty();
	}

	@Test
	void forgetsTheLeastRecentlyUsedSkuBeyondItsCapacity() {
		products.remember("A", product("A", "1.00"), NOW);
		products.remember("B", product("B", "2.00"), NOW);
		products.lastSeen("A", NOW);
		products.remember("C", product("C", "3.00"), NOW);

		assertThat(products.lastSeen("A", NOW)).isPresent();
		assertThat(products.lastSeen("B", NOW)).isEmpty();
		assertThat(products.lastSeen("C", NOW)).isPresent();
	}

	@Test
	void anAnswerOlderThanItsMaxAgePricesNothing() {
		products.remember("A", product("A", "0.01"), NOW);

		assertThat(products.lastSeen("A", NOW.plus(Duration.ofMinutes(10)))).as("at its max age").isPresent();
		assertThat(products.lastSeen("A", NOW.plus(Duration.ofMinutes(10)).plusSeconds(1))).isEmpty();
	}

	private static CatalogProduct product(String sku, String price) {
		return new CatalogProduct(sku, "Product " + sku, new BigDecimal(price), "USD");
	}
}
